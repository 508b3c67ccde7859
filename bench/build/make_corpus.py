#!/usr/bin/env python3
"""Writes the same N-page Markdown corpus twice: as a sitegen project and as a Hugo site with an
equivalent template, so both tools build identical content.

usage: make_corpus.py OUT PAGES [WORDS]

Each page has front matter with a title, a headline and a few params, and a Markdown body of about
WORDS words (default 950) with headings, lists, emphasis, a quote, a code block and links. Both
tools render it through one layout with three partials (head, navigation, footer); the navigation
has 20 links from the site's params."""
import os
import random
import sys

out = sys.argv[1]
pages = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
target_words = int(sys.argv[3]) if len(sys.argv) > 3 else 950
rng = random.Random(42)
words = ("menu pasta pizza wine terrace harbour evening table fresh basil tomato oven lemon "
         "garden music ticket stage crowd bottle steel cold coffee morning friends").split()


def sentence():
    return " ".join(rng.choice(words) for _ in range(rng.randint(8, 16))).capitalize() + "."


def paragraph(sentences):
    return " ".join(sentence() for _ in range(sentences))


def body(i):
    parts = [f"# Page {i}", "", paragraph(5), "", "## Highlights", ""]
    parts += [f"- **{rng.choice(words)}** — {sentence()}" for _ in range(5)]
    parts += ["", paragraph(4) + f" See [the menu](/bench/p{(i + 1) % pages}/).", "",
              "> " + sentence(), "", "```", f"code sample {i}", "```", ""]
    count = sum(len(part.split()) for part in parts)
    section = 0
    while count < target_words:
        section += 1
        text = paragraph(5) + f" Read *more* on [page {(i + section) % pages}](/bench/p{(i + section) % pages}/)."
        parts += [f"## Section {section}", "", text, ""]
        count += len(text.split()) + 3
    return "\n".join(parts)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


nav = [(f"Link {n}", f"/bench/p{n}/") for n in range(20)]

sg = os.path.join(out, "sitegen")
write(f"{sg}/sites/bench/site.yml",
      "title: Bench\nbase_url: https://qr.example.com\ntemplate: plain\n"
      "params:\n  tagline: A benchmark site\n  nav:\n"
      + "".join(f"    - {{ label: \"{label}\", url: \"{url}\" }}\n" for label, url in nav)
      + "qr:\n  placements:\n    - { id: default }\n")
write(f"{sg}/templates/plain/page.mustache",
      "<!doctype html><html lang=\"en\">{{> head}}<body>{{> nav}}"
      "<main><h1>{{page.headline}}</h1><p class=\"meta\">{{page.author}} · {{page.section}} · from {{page.price}}</p>"
      "{{{page.content}}}</main>{{> footer}}</body></html>\n")
write(f"{sg}/templates/plain/partials/head.mustache",
      "<head><meta charset=\"utf-8\"><title>{{page.title}} · {{site.title}}</title>"
      "<meta name=\"description\" content=\"{{page.headline}}\"></head>")
write(f"{sg}/templates/plain/partials/nav.mustache",
      "<nav><ul>{{#site.params.nav}}<li><a href=\"{{url}}\">{{label}}</a></li>{{/site.params.nav}}</ul></nav>")
write(f"{sg}/templates/plain/partials/footer.mustache",
      "<footer><p>{{site.title}} — {{site.params.tagline}}</p></footer>")

hugo = os.path.join(out, "hugo")
write(f"{hugo}/hugo.toml",
      'baseURL = "https://qr.example.com/"\ntitle = "Bench"\n'
      'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "home", "section"]\n'
      '[params]\ntagline = "A benchmark site"\n'
      + "".join(f'[[params.nav]]\nlabel = "{label}"\nurl = "{url}"\n' for label, url in nav))
write(f"{hugo}/layouts/_default/single.html",
      "<!doctype html><html lang=\"en\">{{ partial \"head.html\" . }}<body>{{ partial \"nav.html\" . }}"
      "<main><h1>{{ .Params.headline }}</h1><p class=\"meta\">{{ .Params.author }} · {{ .Params.section }} · from {{ .Params.price }}</p>"
      "{{ .Content }}</main>{{ partial \"footer.html\" . }}</body></html>\n")
write(f"{hugo}/layouts/partials/head.html",
      "<head><meta charset=\"utf-8\"><title>{{ .Title }} · {{ .Site.Title }}</title>"
      "<meta name=\"description\" content=\"{{ .Params.headline }}\"></head>")
write(f"{hugo}/layouts/partials/nav.html",
      "<nav><ul>{{ range .Site.Params.nav }}<li><a href=\"{{ .url }}\">{{ .label }}</a></li>{{ end }}</ul></nav>")
write(f"{hugo}/layouts/partials/footer.html",
      "<footer><p>{{ .Site.Title }} — {{ .Site.Params.tagline }}</p></footer>")

for i in range(pages):
    front = (f"---\ntitle: Page {i}\nheadline: \"{sentence()}\"\nauthor: Chef {i % 17}\n"
             f"section: {rng.choice(words)}\nprice: \"{5 + i % 40} EUR\"\n---\n")
    text = front + body(i)
    write(f"{sg}/sites/bench/p{i}.md", text)
    write(f"{hugo}/content/p{i}.md", text)
write(f"{sg}/sites/bench/index.md", "---\ntitle: Home\nheadline: Home\nauthor: Chef\nsection: home\nprice: \"0 EUR\"\n---\nHome\n")
