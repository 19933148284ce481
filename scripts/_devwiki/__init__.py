"""The implementation of :mod:`scripts.devwiki`, one concern per module.

Import from ``scripts.devwiki`` (the public names); the modules here are:

``errors``      the exception tree and message helpers
``secret``      the cache folder and the per-machine secret every password derives from
``accounts``    account names, grants, and the derived passwords and tokens (lazily)
``php``         running PHP maintenance scripts against an instance
``packages``    installing MediaWiki and PHP with apt
``settings``    what the template adds to install.php's LocalSettings.php
``extensions``  AbuseFilter, SpamBlacklist and TitleBlacklist: local lists, the seeded filter
``template``    building the per-machine template instance
``api``         plain ``requests`` calls to api.php and ``login``
``process``     ports and processes
``client``      logged-in API sessions of one running wiki
``actions``     what a test does to the wiki: edit, rollback, hide_revision, protect, ...
``instance``    ``DevWiki``: an instance directory, its ``php -S``, snapshot and restore
``cli``         ``python -m scripts.devwiki`` and the ``scripts/devwiki`` wrapper
"""
