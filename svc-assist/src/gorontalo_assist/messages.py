"""svc-assist's human texts (Indonesian first, English), read from gettext catalogs.

Translators edit `locale/{id,en}/LC_MESSAGES/assist.po` (msgid: the key; msgstr: the text).
servicekit's common messages are the parent catalog: a key defined there cannot be defined here.
"""

from servicekit import i18n

CATALOG = i18n.Catalog.from_po("assist", "gorontalo_assist", parent=i18n.COMMON)
translate = CATALOG.translate
