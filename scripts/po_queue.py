"""A work queue of untranslated .po entries for parallel translators.

split:  python po_queue.py split <django.po> <lang> <queue_dir> [--size N]
check:  python po_queue.py check <todo_chunk.json> <done_chunk.json>
merge:  python po_queue.py merge <django.po> <lang> <done_dir>
stats:  python po_queue.py stats <django.po> <lang>
"""

import json
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PLACEHOLDER = re.compile(r"%\([A-Za-z0-9_]+\)[sdifr]|%[sdif]|\{[A-Za-z0-9_]*\}")
BABEL_LOCALE = {"zh_Hans": "zh_Hans", "zh-hans": "zh_Hans", "zh_hans": "zh_Hans"}
# GNU gettext's conventional plural forms (what Django's own catalogues use), not CLDR's.
PLURALS = {
    "ar": (6, "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)"),
    "es": (2, "(n != 1)"),
    "fr": (2, "(n > 1)"),
    "ru": (3, "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"),
    "zh_Hans": (1, "0"),
}


def babel_locale(lang):
    return BABEL_LOCALE.get(lang, lang)


def load(po_path, lang):
    with open(po_path, "rb") as handle:
        catalog = read_po(handle, locale=babel_locale(lang), abort_invalid=False)
    num_plurals, plural_expr = PLURALS[babel_locale(lang)]
    catalog._num_plurals = num_plurals
    catalog._plural_expr = plural_expr
    return catalog, num_plurals


def untranslated(catalog):
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy or not all(strings):
            yield message


def entry(message, nplurals):
    plural = isinstance(message.id, (list, tuple))
    return {
        "msgid": message.id[0] if plural else message.id,
        "msgid_plural": message.id[1] if plural else None,
        "context": message.context,
        "nplurals": nplurals if plural else None,
        "where": [f"{path}:{line}" for path, line in message.locations[:2]],
        "notes": list(message.auto_comments),
    }


def split(po_path, lang, queue_dir, size=350):
    catalog, nplurals = load(po_path, lang)
    todo = [entry(m, nplurals) for m in untranslated(catalog)]
    out = Path(queue_dir) / "todo"
    out.mkdir(parents=True, exist_ok=True)
    for number, start in enumerate(range(0, len(todo), size)):
        chunk = out / f"{lang}_{number:02d}.json"
        chunk.write_text(json.dumps(todo[start : start + size], ensure_ascii=False, indent=1))
    print(f"{lang}: {len(todo)} entries in {(len(todo) + size - 1) // size} chunks")


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text or ""))


def problems_of(item, done):
    translated = done.get((item["msgid"], item["context"]))
    if translated is None:
        return ["missing"]
    if item["msgid_plural"]:
        if not isinstance(translated, list) or len(translated) != item["nplurals"]:
            return [f"needs a list of {item['nplurals']} plural forms"]
        wanted = set(placeholders(item["msgid_plural"])) | set(placeholders(item["msgid"]))
        return [
            f"form {n}: placeholders {placeholders(form)} not in {sorted(wanted)}"
            for n, form in enumerate(translated)
            if not form or not set(placeholders(form)) <= wanted
        ]
    if not isinstance(translated, str) or not translated:
        return ["empty"]
    if placeholders(translated) != placeholders(item["msgid"]):
        return [f"placeholders {placeholders(translated)} != {placeholders(item['msgid'])}"]
    return []


def read_done(path):
    rows = json.loads(Path(path).read_text())
    return {(row["msgid"], row.get("context")): row["msgstr"] for row in rows}


def check(todo_path, done_path):
    todo = json.loads(Path(todo_path).read_text())
    done = read_done(done_path)
    bad = 0
    for item in todo:
        for problem in problems_of(item, done):
            bad += 1
            print(f"{item['msgid'][:70]!r}: {problem}")
    print(f"{len(todo) - bad} ok, {bad} problems")
    return 1 if bad else 0


def merge(po_path, lang, done_dir):
    catalog, nplurals = load(po_path, lang)
    done = {}
    for path in sorted(Path(done_dir).glob(f"{lang}_*.json")):
        done.update(read_done(path))
    applied = 0
    for message in untranslated(catalog):
        key = (
            message.id[0] if isinstance(message.id, (list, tuple)) else message.id,
            message.context,
        )
        item = entry(message, nplurals)
        if key in done and not problems_of(item, done):
            value = done[key]
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
            applied += 1
    with open(po_path, "wb") as handle:
        write_po(handle, catalog, width=100)
    print(f"{lang}: applied {applied}; still untranslated {len(list(untranslated(catalog)))}")


def stats(po_path, lang):
    catalog, _ = load(po_path, lang)
    total = sum(1 for m in catalog if m.id)
    print(f"{lang}: {total - len(list(untranslated(catalog)))}/{total} translated")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "split":
        size = 350
        if "--size" in args:
            size = int(args[args.index("--size") + 1])
            args = args[: args.index("--size")]
        split(*args, size=size)
    elif command == "check":
        sys.exit(check(*args))
    elif command == "merge":
        merge(*args)
    elif command == "stats":
        stats(*args)
