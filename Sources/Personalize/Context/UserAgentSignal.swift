/// What a User-Agent token says about the client; each is one bit of a `TokenMatcher` scan.
enum UserAgentSignal: Int, CaseIterable {
    case bot  // a named crawler, link previewer, monitor or HTTP tool
    case genericBot  // "…bot/" and the like: a bot unless it is only a "Cubot" phone
    case cubot  // Cubot, an Android phone brand whose name ends in "bot"
    case iphone, ipod, ipad
    case android
    case mobile  // "Mobile", "Mobi": phone-sized browsers say so
    case otherMobile  // feature phones and legacy mobile platforms
    case tablet  // "Tablet", BlackBerry PlayBook
    case kindle  // Kindle, Silk
    case windowsPhone
    case windows
    case appleDesktop  // Macintosh, Mac OS X (iOS says "like Mac OS X", checked first)
    case iosHint  // "like Mac OS X", "CPU OS": iOS without a device name, e.g. in-app WebViews
    case chromeOS
    case linux
    case otherDesktop  // X11 on a BSD, OS/2, Haiku…: a desktop, OS "other"
    case largeScreen  // smart TVs, set-top boxes, streaming sticks
    case tvPlatform  // Tizen, webOS: a TV unless the UA says mobile
    case console  // PlayStation, Xbox, Nintendo

    var bit: UInt64 { 1 << UInt64(rawValue) }

    /// Lowercase needles; a trailing `$` anchors at the end of the User-Agent.
    static let tokens: [(String, UserAgentSignal)] = {
        var tokens: [(String, UserAgentSignal)] = []
        func add(_ signal: UserAgentSignal, _ needles: [String]) {
            tokens += needles.map { ($0, signal) }
        }
        add(.bot, namedBots)
        add(.genericBot, genericBotNeedles)
        add(.cubot, ["cubot"])
        add(.iphone, ["iphone", "dv(iph"])
        add(.ipod, ["ipod"])
        add(
            .ipad,
            [
                "(ipad", "ipad;", "/ipad", " ipad;", "ipad1", "ipad2", "ipad3", "ipad4", "ipad5",
                "ipad6", "ipad7", "ipad8", "ipad9",
            ])
        add(.android, ["android", "adr "])
        add(.mobile, ["mobile", "mobi;", "mobi/", "mobi "])
        add(
            .otherMobile,
            [
                "blackberry", "bb10", "opera mini", "kaios", "symbian", "series40", "series60",
                "nokia", "midp", "j2me", "iemobile", "palmos", "webos/", "fennec", "windows ce",
                "meego", "maemo", "sailfish", "ubuntu; touch", "firefox os", "bada/", "up.browser",
                "wap-browser", "wap browser", "wap2.0", "maui", "obigo", "netfront", "brew",
                "polaris",
                "openwave", "docomo/", "kddi-", "profile/midp",
            ])
        add(
            .tablet,
            [
                "tablet", "playbook", "; sm-t", "; sm-x", "; sm-p", "; gt-p", "; tb-", "; yt-",
                "lenovo tb", "mediapad", "matepad", "nexus 7", "nexus 9", "nexus 10",
                "pixel tablet",
                "xiaomi pad", "redmi pad", "; mi pad", "galaxy tab",
            ])
        add(.kindle, ["kindle", "silk/"])
        add(.windowsPhone, ["windows phone", "windows mobile", "wpdesktop", "lumia"])
        add(.windows, ["windows", "win64", "win32", "wow64", "winnt", "win95", "win98", "win 9x"])
        add(.appleDesktop, ["macintosh", "mac os x", "mac_powerpc", "macos"])
        add(.iosHint, ["like mac os x", "cpu os ", "ios "])
        add(.chromeOS, ["cros ", "chromebook", "crosarc"])
        add(.linux, ["linux", "ubuntu", "fedora", "debian", "gentoo", "mint"])
        add(
            .otherDesktop,
            [
                "x11", "freebsd", "openbsd", "netbsd", "sunos", "dragonfly", "(os/2", "os/2;",
                "amigaos",
                "haiku", "beos", "morphos", "risc os",
            ])
        add(
            .largeScreen,
            [
                "smart-tv", "smarttv", "smart tv", "googletv", "google tv", "android tv",
                "androidtv",
                "appletv", "apple tv", "tvos", "roku", "bravia", "hbbtv", "crkey", "web0s",
                "netcast",
                "viera", "philipstv", "nettv", "opera tv", "large screen", "aftb", "aftm", "aftt",
                "afts", "aftka", "aftn", "aftr", "aftg", "aftss", "aftmm", "mibox",
                "shield android",
                "firetv", "fire tv", "chromecast", "iptv", "tv build/", "vidaa", "tv safari",
                "smart_tv", "inettvbrowser",
            ])
        add(.tvPlatform, ["tizen", "webos"])
        add(.console, ["playstation", "xbox", "nintendo"])
        return tokens
    }()

    /// Crawlers, link-preview fetchers, monitors, headless browsers and HTTP libraries by name.
    static let namedBots = [
        // Search engines
        "googlebot", "google-inspectiontool", "googleother", "google-extended", "storebot-google",
        "adsbot-google", "mediapartners-google", "apis-google", "feedfetcher-google",
        "google favicon", "google-read-aloud", "google web preview", "google-pagerenderer",
        "googleproducer", "google-", "-google", "googleadsense", "google page speed", "bingbot",
        "bingpreview", "msnbot", "adidxbot", "applebot", "duckduckbot", "duckduckgo-favicons",
        "duckassistbot", "yandexbot", "yandeximages", "yandexmetrika", "yandexmobilebot",
        "yandex.com/bots", "baiduspider", "seznambot", "exabot",
        "qwantify", "slurp", "naverbot", "yeti/", "coccocbot", "mojeekbot",
        // Social and chat link previews
        "facebookexternalhit", "facebookcatalog", "facebot", "meta-externalagent",
        "meta-externalfetcher", "twitterbot", "slackbot", "slack-imgproxy", "discordbot",
        "telegrambot", "whatsapp", "linkedinbot", "skypeuripreview", "pinterestbot",
        "pinterest/0.", "redditbot", "embedly", "iframely", "vkshare", "tumblr/",
        "bitlybot", "flipboardproxy", "quora link preview", "outbrain", "snapchat-bot",
        "mastodon/", "bluesky cardyb", "kakaotalk-scrap",
        "nuzzel", "redditmedia",
        // AI and dataset crawlers
        "gptbot", "chatgpt-user", "oai-searchbot", "claudebot", "claude-web",
        "claude-user", "claude-searchbot", "anthropic-ai", "ccbot", "bytespider", "amazonbot",
        "perplexitybot", "perplexity-user", "cohere-ai", "diffbot", "youbot", "ai2bot",
        "imagesiftbot", "omgili", "timpibot", "petalbot", "applenewsbot",
        // SEO
        "ahrefsbot", "ahrefssiteaudit", "semrushbot", "siteauditbot", "mj12bot", "dotbot",
        "rogerbot", "screaming frog", "serpstatbot", "blexbot", "dataforseobot", "barkrowler",
        "seokicks", "linkdexbot", "megaindex", "ia_archiver", "archive.org_bot",
        // Monitors, audits, scanners, headless browsers, feed readers
        "headlesschrome", "headless", "phantomjs", "slimerjs", "selenium", "puppeteer",
        "playwright", "lighthouse", "chrome-lighthouse", "pagespeed", "gtmetrix", "pingdom",
        "uptimerobot", "uptime/", "uptime-kuma", "better uptime", "statuscake", "site24x7",
        "newrelicpinger", "datadog", "checkly", "catchpoint", "synthetic", "ptst/", "cloudflare",
        "tineye", "siteimprove", "miniature.io", "compatible; bw/", "transcoder",
        "googleimageproxy", "google search console", "nutch", "checker", "inspector", "datanyze",
        "netcraft", "nessus", "qualys", "acunetix", "netsparker", "openvas", "censysinspect",
        "expanse", "internet-measurement", "scan@", "/scan", "mobileok", "adbeat",
        "w3c_validator", "validator.nu", "w3c-checklink", "newsblur", "simplepie", "feed",
        // HTTP clients and tools
        "curl/", "wget/", "wget ", "python-requests", "python-urllib", "python/", "aiohttp",
        "httpx", "go-http-client", "java/", "okhttp", "axios/", "node-fetch", "undici",
        "libwww-perl", "lwp::", "lwp-", "postmanruntime", "insomnia", "httpie", "apache-httpclient",
        "guzzlehttp", "ruby/", "faraday", "reqwest", "hackney", "winhttp", "wordpress/",
        "feedly", "feedburner", "feedparser", "scrapy", "dart:io", "dart/", "dalvik/",
        "http_request", "httpunit", "htmlunit", "jakarta", "libcurl", "mechanize",
        "powershell", "restsharp", "zgrab", "masscan", "nmap", "nikto", "sqlmap", "nuclei",
        "httrack", "cfnetwork", "okhttp3", "fasthttp", "colly", "grequests", "urlgrabber",
        "+http", "crawl", "web spider", "scraper", "fetcher", "link checker", "linkchecker",
        "monitor", "preview",
    ]

    /// "…bot" or "…spider" ending a word: the long tail of "SomethingBot/1.0" crawlers.
    static let genericBotNeedles: [String] = {
        // A letter or digit right before: "Googlebot/", "SomeSpider;", but not phone models
        // such as "M bot 54" or "Spider 8" whose word stands alone.
        var needles = ["robot"]
        for letter in Array(UInt8(ascii: "a")...UInt8(ascii: "z"))
            + Array(UInt8(ascii: "0")...UInt8(ascii: "9"))
        {
            for word in ["bot", "spider"] {
                for delimiter in ["/", ";", ")", " ", "-", ",", ".", ":", "$"] {
                    needles.append(String(UnicodeScalar(letter)) + word + delimiter)
                }
            }
        }
        return needles
    }()
}
