#!/usr/bin/env python3
"""Writes the same N-page Markdown corpus twice: as a sitegen project and as a Hugo site with an
equivalent minimal template, so both tools build identical content."""
import os
import random
import sys

pages = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
out = sys.argv[1]
rng = random.Random(42)
words = ("menu pasta pizza wine terrace harbour evening table fresh basil tomato oven lemon "
         "garden music ticket stage crowd bottle steel cold coffee morning friends").split()


def sentence():
    return " ".join(rng.choice(words) for _ in range(rng.randint(8, 16))).capitalize() + "."


def body(i):
    parts = [f"# Page {i}\n", " ".join(sentence() for _ in range(4)) + "\n",
             "## Highlights\n"]
    parts += [f"- **{rng.choice(words)}** — {sentence()}" for _ in range(5)]
    parts += ["", " ".join(sentence() for _ in range(3)) + f" See [the menu](/bench/p{(i + 1) % pages}/).",
              "", "> " + sentence(), "", "```", "code sample " + str(i), "```", ""]
    return "\n".join(parts)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


sg = os.path.join(out, "sitegen")
write(f"{sg}/sites/bench/site.yml",
      "title: Bench\nbase_url: https://qr.example.com\ntemplate: plain\n"
      "qr:\n  placements:\n    - { id: default }\n")
write(f"{sg}/templates/plain/page.mustache",
      "<!doctype html><html><head><meta charset=\"utf-8\"><title>{{page.title}} · {{site.title}}</title></head>"
      "<body><main>{{{page.content}}}</main></body></html>\n")
hugo = os.path.join(out, "hugo")
write(f"{hugo}/hugo.toml",
      'baseURL = "https://qr.example.com/"\ntitle = "Bench"\n'
      'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "home", "section"]\n')
write(f"{hugo}/layouts/_default/single.html",
      "<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ .Title }} · {{ .Site.Title }}</title></head>"
      "<body><main>{{ .Content }}</main></body></html>\n")
for i in range(pages):
    text = f"---\ntitle: Page {i}\n---\n" + body(i)
    write(f"{sg}/sites/bench/p{i}.md", text)
    write(f"{hugo}/content/p{i}.md", text)
write(f"{sg}/sites/bench/index.md", "---\ntitle: Home\n---\nHome\n")
