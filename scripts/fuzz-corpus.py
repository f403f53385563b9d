#!/usr/bin/env python3
"""Refreshes the fuzz seed corpus under Fuzz/corpus/ from examples/ and the vendor captures.

Usage: scripts/fuzz-corpus.py [SHARED]   (SHARED defaults to ../shared beside the repository)

The corpus is committed, so fuzzing needs nothing outside the repository; run this only when
the examples or the captures change. Inputs are named by a hash of their bytes.
"""
import hashlib
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
shared = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared"
corpus = root / "Fuzz" / "corpus"


def keep(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = corpus / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def bodies(markdown):
    """The bodies of the ```http blocks of a capture: what follows the first blank line."""
    for block in re.findall(r"```http\n(.*?)```", markdown, re.S):
        head, _, body = block.partition("\n\n")
        if body.strip():
            yield body.strip() + "\n"


for path in sorted(root.glob("examples/**/*.yaml")):
    keep("config", path.read_bytes())
for path in sorted(root.glob("docs/**/*.yaml")):
    keep("config", path.read_bytes())

protocols = shared / "protocols"
xmlrpc = (protocols / "captures" / "uyuni-xmlrpc.txt").read_text()
for call in re.findall(r"<\?xml.*?</methodCall>", xmlrpc, re.S):
    keep("xmlrpc", call)
for doc in protocols.glob("*.md"):
    for answer in re.findall(r"<\?xml[^>]*>\s*<methodResponse>.*?</methodResponse>|<methodResponse>.*?</methodResponse>",
                             doc.read_text(), re.S):
        keep("xmlrpc", answer)

for body in bodies((protocols / "captures" / "ctera.md").read_text()):
    if body.startswith("<"):
        keep("ctera-xml", body)
for body in bodies((protocols / "captures" / "squirro.md").read_text()):
    if body[0] in "{[":
        keep("json", body)
for doc in protocols.glob("*.md"):
    for block in re.findall(r"```json\n(.*?)```", doc.read_text(), re.S):
        keep("json", block)

for target in sorted(p.name for p in corpus.iterdir()):
    print(target, len(list((corpus / target).iterdir())))
