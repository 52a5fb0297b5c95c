"""svc-tourism's human messages (Indonesian first, English), read from gettext catalogs.

Translators edit `locale/{id,en}/LC_MESSAGES/tourism.po` (msgid: the reason code; msgstr: the text).
servicekit's common messages are the parent catalog: a key defined there cannot be defined here.
"""

from servicekit import i18n

CATALOG = i18n.Catalog.from_po("tourism", "gorontalo_tourism", parent=i18n.COMMON)
translate = CATALOG.translate
