/// The files of a new site: every setting a campaign needs, commented so the file teaches
/// itself, and pages that show variants, page overrides and both ways to report a conversion.
enum SiteScaffold {
    static func files(name: String, template: String) -> [ScaffoldFile] {
        [
            ScaffoldFile(path: "site.yml", text: siteYAML(name, template: template)),
            ScaffoldFile(path: "index.md", text: index(name)),
            ScaffoldFile(path: "index.offer.md", text: indexOffer(name)),
            ScaffoldFile(path: "about.md", text: about(name)),
        ]
    }

    // The values below are also what the `bistro` and `starter` templates read (headline,
    // badge, cta_*), so the site builds with either.
    private static func siteYAML(_ name: String, template: String) -> String {
        """
        # \(name): made by `sitegen new site \(name)`. Every key is described in docs/authoring.md.
        title: \(title(name))
        # Where `sitegen serve` answers. QR codes encode this address: change it before printing.
        base_url: http://localhost:8080
        template: \(template)                    # a folder under templates/
        timezone: UTC                       # IANA zone for the hour/weekday features
        language: en
        description: A QR-code microsite made with sitegen.
        params:                             # site-wide values: {{site.params.x}} and {{x}}
          headline: Welcome!
          cta_label: Book now
          cta_url: https://example.com/book
          cta_goal: book
        # Two versions of the site. The runtime picks one per visitor and learns which converts.
        variants:
          - id: welcome
            params:
              headline: Good to see you
          - id: offer
            params:
              headline: 10% off this week
              badge: This week only
              cta_label: Claim the offer
        # What counts as a conversion: `data-goal="book"` on a link, or /\(name)/_go/book?to=…
        goals:
          - { id: book, value: 1 }
          - { id: call, value: 1 }
        # Where /\(name)/_go/<goal>?to=… may send visitors (never anywhere else).
        destinations:
          - https://example.com/book
        qr:
          error_correction: M               # L M Q H: more survives damage, denser code
          quiet_zone: 4
          foreground: "#111111"
          background: "#ffffff"
          size_mm: 30                       # printed width; `sitegen check` warns under 0.4 mm/module
          placements:                       # one code per place it is printed: p=<id>
            - { id: poster }
            - { id: flyer, variant: offer } # pinned: always shows the offer
            - { id: share }
        personalize:
          policy: adaptive                  # adaptive, uniform, thompson, lints, linucb, epsilon-greedy
          features: [device, daypart]
          min_probability: 0.05             # every variant keeps at least 5% of visitors
          warmup: 50                        # split evenly until each variant has 50 impressions

        """
    }

    private static func index(_ name: String) -> String {
        """
        ---
        title: Welcome
        weight: 1
        ---
        This page is `sites/\(name)/index.md`. Edit it, then run `sitegen preview` to see it as
        different visitors would.

        - The headline above comes from the variant's `params` in `site.yml`.
        - Visitors who get the **offer** variant read `index.offer.md` instead of this file.
        - [See what we do](about/), or [book directly](/\(name)/_go/book?to=https://example.com/book):
          that link counts a conversion even without JavaScript.

        """
    }

    private static func indexOffer(_ name: String) -> String {
        """
        ---
        title: This week's offer
        weight: 1
        ---
        This page is `sites/\(name)/index.offer.md`: the **offer** variant's own version of the
        home page. Pages without such a file look the same in every variant, apart from the
        values the variant's `params` change.

        The button at the bottom comes from the template: it carries `data-goal="book"`, so a
        click reports the `book` goal.

        """
    }

    private static func about(_ name: String) -> String {
        """
        ---
        title: About
        weight: 2
        ---
        A second page: `sites/\(name)/about.md` is served at `/\(name)/about/`.

        Back to the [home page](../).

        """
    }

    /// `spring-menu` → `Spring Menu`.
    static func title(_ name: String) -> String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }
}
