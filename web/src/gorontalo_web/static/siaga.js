/* /siaga: live alerts (Server-Sent Events) and the phone's location. The page works without it. */
(function () {
  'use strict';

  // --- live alerts -----------------------------------------------------------------------------
  // The stream is opened where the app was told (WEB_STREAMS_URL, allowed by the CSP's connect-src). A
  // browser that cannot open it there (another origin without CORS, a proxy in the way) falls back to the
  // app's own origin. On each alert event the list is drawn again by the server (/siaga/peringatan).
  var live = document.getElementById('siaga-live');
  if (live && window.EventSource) {
    var status = live.querySelector('.siaga-live-status');
    var list = document.getElementById('siaga-alert-list');
    var urls = [live.getAttribute('data-stream-url'), live.getAttribute('data-fallback-url')]
      .filter(function (url, i, all) { return url && all.indexOf(url) === i; });
    var attempt = 0;

    var redraw = function (data) {
      return fetch(live.getAttribute('data-list-url'), { credentials: 'same-origin' }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      }).then(function (html) {
        list.innerHTML = html;
      }).catch(function () {
        // The list could not be asked for: show the headline the event carried.
        var item = document.createElement('p');
        item.className = 'notice';
        var headline = (data && data.headline) || {};
        item.textContent = live.getAttribute('data-text-new') + ': ' +
          (headline[live.getAttribute('data-lang')] || headline.id || '');
        list.insertBefore(item, list.firstChild);
      }).then(function () {
        status.textContent = live.getAttribute('data-text-new') + ': ' +
          ((data && data.headline && (data.headline[live.getAttribute('data-lang')] || data.headline.id)) || '');
      });
    };

    var open = function () {
      var url = urls[Math.min(attempt, urls.length - 1)];
      var source = new EventSource(url);
      var opened = false;
      var onAlert = function (event) {
        var data = null;
        try { data = JSON.parse(event.data); } catch (e) { data = null; }
        redraw(data);
      };
      ['alert.issued', 'alert.updated', 'alert.cancelled'].forEach(function (name) {
        source.addEventListener(name, onAlert);
      });
      source.onopen = function () {
        opened = true;
        live.setAttribute('data-live', url);
        status.textContent = live.getAttribute('data-text-on');
      };
      source.onerror = function () {
        if (source.readyState !== EventSource.CLOSED) {
          status.textContent = live.getAttribute('data-text-off');  // EventSource reconnects by itself
          return;
        }
        source.close();
        live.removeAttribute('data-live');
        status.textContent = live.getAttribute('data-text-off');
        if (!opened && attempt < urls.length - 1) { attempt += 1; open(); return; }
        setTimeout(open, 30000);  // refused (full, unavailable): a new try later
      };
    };
    open();
  }

  // --- location --------------------------------------------------------------------------------
  function locate(button) {
    var form = button.form || button.closest('form');
    var say = button.parentNode.querySelector('.siaga-geo-status');
    if (!navigator.geolocation || !form) { if (say) say.textContent = button.getAttribute('data-text-failed'); return; }
    if (say) say.textContent = button.getAttribute('data-text-busy');
    navigator.geolocation.getCurrentPosition(function (position) {
      form.elements[button.getAttribute('data-lat')].value = position.coords.latitude.toFixed(5);
      form.elements[button.getAttribute('data-lon')].value = position.coords.longitude.toFixed(5);
      if (say) say.textContent = button.getAttribute('data-text-done');
      if (button.hasAttribute('data-submit')) form.submit();
    }, function () {
      if (say) say.textContent = button.getAttribute('data-text-failed');
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  function enable() {
    if (!navigator.geolocation) return;
    Array.prototype.forEach.call(document.querySelectorAll('button[data-geolocate]'), function (button) {
      button.hidden = false;
    });
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button[data-geolocate]');
    if (button) locate(button);
  });
  document.addEventListener('gs:content', enable);  // the form drawn again after a refusal
  enable();
})();
