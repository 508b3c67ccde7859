/// The files of a new template: a page template that fills a layout's blocks (Mustache
/// inheritance), header and footer partials, and a stylesheet. Every optional value sits in a
/// section, so sites that leave it out still build in strict mode.
enum TemplateScaffold {
    static func files(name: String) -> [ScaffoldFile] {
        [
            ScaffoldFile(path: "page.mustache", text: page),
            ScaffoldFile(path: "partials/layout.mustache", text: layout),
            ScaffoldFile(path: "partials/header.mustache", text: header),
            ScaffoldFile(path: "partials/footer.mustache", text: footer),
            ScaffoldFile(path: "assets/css/site.css", text: css),
        ]
    }

    static let page = """
        {{! The default page template: fills the layout's `main` block with the page. A page picks
            another template with `template: name` in its front matter (name.mustache here). }}
        {{<layout}}
        {{$main}}
        <article class="page">
          <h1>{{page.title}}</h1>
          {{{page.content}}}
        </article>
        {{/main}}
        {{/layout}}

        """

    static let layout = """
        {{! The page shell. Its blocks (title, main) are what page templates may replace.
            Required: site.*, page.title, variant.id. Optional, shown when set (site params, front
            matter or variant params): headline, badge, cta_label + cta_url + cta_goal. }}
        <!doctype html>
        <html lang="{{site.language}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{$title}}{{page.title}} · {{site.title}}{{/title}}</title>
        <meta name="description" content="{{site.description}}">
        <link rel="stylesheet" href="{{#asset}}css/site.css{{/asset}}">
        </head>
        <body class="variant-{{variant.id}}">
        {{>header}}
        <main class="wrap">
        {{$main}}{{/main}}
        </main>
        {{>footer}}
        </body>
        </html>

        """

    static let header = """
        <header class="masthead">
          <div class="wrap">
            <a class="brand" href="{{site.path}}">{{site.title}}</a>
            {{#badge}}<span class="badge">{{.}}</span>{{/badge}}
            <nav aria-label="Site">
              {{#site.pages}}<a href="{{url}}">{{title}}</a> {{/site.pages}}
            </nav>
          </div>
          {{#headline}}<p class="wrap headline">{{.}}</p>{{/headline}}
        </header>

        """

    static let footer = """
        {{! data-goal reports the conversion with a beacon when the link is clicked. }}
        <footer class="site-footer">
          <div class="wrap">
            {{#cta_label}}<a class="cta" href="{{cta_url}}" data-goal="{{cta_goal}}">{{cta_label}}</a>{{/cta_label}}
            {{#qr.share}}<img class="qr" src="{{svg}}" alt="QR code of this site" width="96" height="96">{{/qr.share}}
            <p>© {{site.title}}</p>
          </div>
        </footer>

        """

    static let css = """
        :root { --ink: #1d1d1f; --accent: #0a58ca; --paper: #ffffff; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 17px/1.55 system-ui, sans-serif; color: var(--ink); background: var(--paper); }
        .wrap { max-width: 40rem; margin: 0 auto; padding: 0 1rem; }
        .masthead { border-bottom: 1px solid #ddd; padding: 1rem 0; }
        .brand { font-weight: 700; color: var(--ink); text-decoration: none; margin-right: 1rem; }
        nav a { margin-right: .75rem; color: var(--accent); }
        .badge { background: var(--accent); color: #fff; border-radius: 1rem; padding: .1rem .6rem; font-size: .8rem; }
        .headline { font-size: 1.6rem; font-weight: 700; margin: 1rem auto 0; }
        .site-footer { border-top: 1px solid #ddd; margin-top: 2rem; padding: 1rem 0 2rem; }
        .cta { display: inline-block; background: var(--accent); color: #fff; padding: .7rem 1.2rem;
               border-radius: .5rem; text-decoration: none; font-weight: 600; }
        .qr { display: block; margin-top: 1rem; }
        .variant-offer .headline { color: #b02a37; }

        """
}
