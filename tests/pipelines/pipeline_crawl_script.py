"""A real Scrapy crawl (in its own process) whose spider yields hand-built PageFetch
items through the real pipelines and extension. Usage:

    python pipeline_crawl_script.py DB_PATH STATS_JSON [--refuse-url SUBSTRING]

`--refuse-url` installs a trigger that makes inserting that page fail, to show that a
database error stops the crawl.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess

sys.path.insert(0, str(Path(__file__).parent))
from pipeline_samples import crawl_fetches

from newsarchive.store import upgrade


class SampleSpider(scrapy.Spider):
    name = "sample"

    async def start(self):
        for fetch in crawl_fetches():
            yield fetch


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db_path", type=Path)
    parser.add_argument("stats_json", type=Path)
    parser.add_argument("--refuse-url")
    args = parser.parse_args()
    if args.refuse_url:
        upgrade(args.db_path)
        with sqlite3.connect(args.db_path) as connection:
            connection.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON pages "
                f"WHEN new.url LIKE '%{args.refuse_url}%' "
                "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
            )
    process = CrawlerProcess(
        {
            "NEWSARCHIVE_DB": str(args.db_path),
            "NEWSARCHIVE_STORE_BATCH_SIZE": 1,
            "ITEM_PIPELINES": {
                "pipelines.validate.ValidatePipeline": 100,
                "pipelines.normalise.NormalisePipeline": 200,
                "pipelines.dedupe.DedupePipeline": 300,
                "pipelines.store.StorePipeline": 400,
            },
            "EXTENSIONS": {"newsarchive.extensions.run_record.RunRecordExtension": 500},
            "LOG_LEVEL": "INFO",
            "TELNETCONSOLE_ENABLED": False,
        }
    )
    crawler = process.create_crawler(SampleSpider)
    process.crawl(crawler)
    process.start()
    stats = {
        k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, (int, str))
    }
    args.stats_json.write_text(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
