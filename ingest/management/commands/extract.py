"""`quzhi extract FILE...`: the facts in published pages, one JSON object a line on stdout.

The contract is docs/extraction.md: offsets are characters into each file's own text and
`text == content[start:end]`. Progress goes to stderr; a file that cannot be read is reported
there and the others are still extracted; the exit status is 1 if any file failed.
"""

import json
import sys

from django.core.management.base import BaseCommand
from django.db.utils import DatabaseError
from tqdm import tqdm

from ingest import queries
from ingest.extract import CONTRACT_TYPES, Extractor, as_json, default_entries


def load_extractor() -> Extractor:
    """The catalogue as the administrator keeps it, or the seeded one where there is no database."""
    try:
        entries = queries.catalogue_entries()
    except DatabaseError:
        entries = []
    return Extractor(entries or default_entries())


class Command(BaseCommand):
    help = "从文稿中抽取金额、百分比、指标数据和项目，按行输出 JSON（偏移量为原文字符位置）。"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--format", choices=["jsonl"], default="jsonl")

    def handle(self, *args, files, **options):
        extractor = load_extractor()
        failed = 0
        out = sys.stdout
        for path in tqdm(files, desc="extract", unit="file", file=sys.stderr, disable=len(files) < 2):
            try:
                with open(path, encoding="utf-8", newline="") as handle:
                    content = handle.read()
            except UnicodeDecodeError:
                self.stderr.write(f"{path}: 不是 UTF-8 编码的文本文件，已跳过。")
                failed += 1
                continue
            except OSError as exc:
                self.stderr.write(f"{path}: 无法读取（{exc.strerror or exc}），已跳过。")
                failed += 1
                continue
            for fact in extractor.extract(content):
                if fact.type not in CONTRACT_TYPES:
                    continue
                out.write(json.dumps(as_json(path, content, fact), ensure_ascii=False) + "\n")
        out.flush()
        if failed:
            sys.exit(1)
