"""Site profiles: each RebelMouse publication the crawler knows, described as data.

A `SiteProfile` (`profile.py`) holds a site's names, URL rules, feeds, sitemaps, section
families, front pages and selector overrides; the shipped ones are TOML files in
`profiles/`, read and checked by `loading.py`. The spider, the incremental planner, the
failure recorder and the parsers all take one profile. docs/sites.md describes the format.
"""

from __future__ import annotations

from newsarchive.sites.loading import (
    DEFAULT_SITE,
    ProfileError,
    UnknownSite,
    builtin_profiles,
    default_profile,
    load_profile_file,
    load_profile_text,
    profile_for_url,
    profile_from_settings,
    profile_named,
)
from newsarchive.sites.profile import SectionFamily, SiteProfile, UrlKind, UrlRules

__all__ = [
    "DEFAULT_SITE",
    "ProfileError",
    "SectionFamily",
    "SiteProfile",
    "UnknownSite",
    "UrlKind",
    "UrlRules",
    "builtin_profiles",
    "default_profile",
    "load_profile_file",
    "load_profile_text",
    "profile_for_url",
    "profile_from_settings",
    "profile_named",
]
