/* Gorontalo Satu: enhancements every page shares (the service worker, offline drafts). Pages work without it. */
