"""The resilience components are switched on, the limits set, URL variants folded."""

from __future__ import annotations

from scrapy.settings import Settings

from newsarchive.replica.fault_content import url_variants
from newsarchive.sites import profile_named
from spiders import discovery


def project_settings() -> Settings:
    settings = Settings()
    settings.setmodule("newsarchive.settings", priority="project")
    return settings


def test_middlewares_and_extensions_are_enabled() -> None:
    settings = project_settings()
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares["scrapy.downloadermiddlewares.retry.RetryMiddleware"] is None
    assert middlewares["newsarchive.resilience.retry.BackoffRetryMiddleware"] == 550
    assert middlewares["newsarchive.resilience.limits.RedirectGuardMiddleware"] > 600
    compression = (
        "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware"
    )
    assert middlewares[compression] is None
    assert "newsarchive.resilience.limits.BoundedDecompressionMiddleware" in middlewares
    assert "newsarchive.resilience.charset.CharsetFallbackMiddleware" in middlewares
    extensions = settings.getdict("EXTENSIONS")
    assert "newsarchive.resilience.stale_parser.StaleParserExtension" in extensions
    assert (
        "newsarchive.resilience.discovery_failures.DiscoveryFailureResolver"
        in extensions
    )


def test_limits_protect_the_machine() -> None:
    settings = project_settings()
    assert 0 < settings.getint("DOWNLOAD_MAXSIZE") <= 64 * 1024 * 1024
    assert (
        0
        < settings.getint("NEWSARCHIVE_MAX_REDIRECTS")
        < settings.getint("REDIRECT_MAX_TIMES")
    )
    assert (
        settings.getint("DEPTH_LIMIT") > 0
        and settings.getint("CLOSESPIDER_PAGECOUNT") > 0
    )
    assert 0 < settings.getfloat("NEWSARCHIVE_RETRY_AFTER_MAX") <= 300
    assert settings.getfloat("NEWSARCHIVE_STALE_PARSER_RATIO") == 0.5
    assert settings.getint("NEWSARCHIVE_STALE_PARSER_WINDOW") == 50


def test_host_variants_are_folded_before_scheduling() -> None:
    site = "http://127.0.0.1:8765/"
    path = "/some-article-slug/"
    scheduled = set()
    for link in url_variants("http://127.0.0.1:8765", path):
        assert discovery.same_site(link, site)
        kind, url = discovery.classify_and_schedule(
            discovery.onto_site_host(link, site),
            profile_named("responsiblestatecraft.org"),
        )
        assert kind is discovery.UrlKind.ARTICLE
        scheduled.add(url)
    assert scheduled == {"http://127.0.0.1:8765/some-article-slug/"}


def test_folding_keeps_other_hosts_and_the_path_case() -> None:
    site = "https://responsiblestatecraft.org/"
    assert discovery.onto_site_host(
        "https://WWW.ResponsibleStatecraft.org/A-B/", site
    ) == ("https://responsiblestatecraft.org/A-B/")
    assert discovery.onto_site_host(
        "http://www.responsiblestatecraft.org/x/", site
    ) == ("https://responsiblestatecraft.org/x/")
    other = "https://elsewhere.example/x/"
    assert discovery.onto_site_host(other, site) == other
