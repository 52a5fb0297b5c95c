"""Permits' human messages: gettext catalogs in locale/<lang>/LC_MESSAGES/permits.po (Indonesian
first, English), the message key as msgid. Translators edit the .po files; servicekit's common
messages are the parent, so a key defined there cannot be defined here again."""

from servicekit import i18n

CATALOG = i18n.Catalog.from_po("permits", "gorontalo_permits", parent=i18n.COMMON)
translate = CATALOG.translate
