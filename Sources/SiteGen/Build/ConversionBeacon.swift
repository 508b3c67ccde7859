import Foundation

/// The few lines of JavaScript every built page carries so that authors report conversions with
/// markup alone: `data-goal="reserve"` (and optional `data-value="25"`) on a link, button or form.
enum ConversionBeacon {
    static func script(urlPrefix: String) -> String {
        let endpoint = urlPrefix + "_convert"
        return """
            <script>(function(){var u="\(endpoint)";function s(g,v){var b=JSON.stringify(v?{goal:g,value:Number(v)}:{goal:g});\
            if(navigator.sendBeacon&&navigator.sendBeacon(u,new Blob([b],{type:"application/json"})))return;\
            fetch(u,{method:"POST",body:b,headers:{"Content-Type":"application/json"},keepalive:true,credentials:"same-origin"})}\
            document.addEventListener("click",function(e){var t=e.target&&e.target.closest?e.target.closest("[data-goal]"):null;\
            if(t&&t.tagName!=="FORM")s(t.getAttribute("data-goal"),t.getAttribute("data-value"))},true);\
            document.addEventListener("submit",function(e){var t=e.target;if(t&&t.getAttribute&&t.getAttribute("data-goal"))\
            s(t.getAttribute("data-goal"),t.getAttribute("data-value"))},true)})();</script>
            """
    }

    /// Before the last `</body>`, or at the end of a page that has none.
    static func inject(_ script: String, into html: String) -> String {
        guard let range = html.lastByteRange(of: "</body>") else {
            return html + script
        }
        var result = html
        result.insert(contentsOf: script + "\n", at: range.lowerBound)
        return result
    }
}
