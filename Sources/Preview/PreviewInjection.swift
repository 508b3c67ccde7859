/// What preview adds to every HTML page it serves: the live-reload client and the preview bar.
/// Only the preview server's page filter calls this; built files never contain it.
enum PreviewInjection {
    /// Marks injected markup, so tests (and curious authors) can tell preview pages apart.
    static let marker = "data-sitegen-preview"

    /// `html` with the snippet inserted before its last `</body>` (appended when it has none).
    static func inject(into html: [UInt8], site: String, variant: String, build: Int) -> [UInt8] {
        let snippet = Array(snippet(site: site, variant: variant, build: build).utf8)
        guard let at = lastBodyClose(html) else { return html + snippet }
        return Array(html[..<at]) + snippet + Array(html[at...])
    }

    static func snippet(site: String, variant: String, build: Int) -> String {
        """
        <script \(marker) data-site="\(HTMLText.escape(site))" data-variant="\(HTMLText.escape(variant))" \
        data-build="\(build)">\(script)</script>
        """
    }

    /// Index of the last `</body` (any case), so a `</body>` inside page text earlier is not used.
    private static func lastBodyClose(_ html: [UInt8]) -> Int? {
        let needle = Array("</body".utf8)
        guard html.count >= needle.count else { return nil }
        var i = html.count - needle.count
        while i >= 0 {
            var match = true
            for j in 0..<needle.count where html[i + j] | (j >= 2 ? 0x20 : 0) != needle[j] {
                match = false
                break
            }
            if match { return i }
            i -= 1
        }
        return nil
    }

    /// The client: listens for reloads and build errors, and draws the bar in a shadow root so the
    /// page's CSS cannot reach it (nor its CSS the page). Kept dependency-free and small.
    static let script = #"""
        (function(){
        var me=document.currentScript,site=me.dataset.site,served=me.dataset.variant,build=Number(me.dataset.build);
        var KEYS=["variant","device","country","hour","weekday","source"];
        function esc(t){return String(t).replace(/[&<>"]/g,function(c){return {"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c];});}
        function overlay(problems){
          var old=document.getElementById("sitegen-overlay");if(old)old.remove();
          if(!problems.length)return;
          var d=document.createElement("div");d.id="sitegen-overlay";
          d.setAttribute("style","position:fixed;inset:0;z-index:2147483647;background:#16171b;color:#f6f6f6;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:32px;overflow:auto");
          d.innerHTML='<div style="color:#ff6b6b;font-weight:bold;font-size:18px;margin-bottom:16px">Build failed</div>'+problems.map(function(p){
            return '<div class="sitegen-problem" style="margin:0 0 14px"><div style="color:#8ec7ff">'+esc(p.file)+':'+p.line+':'+p.column+'</div><div>'+esc(p.severity)+': '+esc(p.message)+'</div></div>';
          }).join("")+'<div style="color:#aaa;margin-top:20px">Fix the file and save: this page reloads by itself.</div>';
          (document.body||document.documentElement).appendChild(d);
        }
        var es=new EventSource("/_sitegen/events");
        function onState(e){var m=JSON.parse(e.data);if(m.problems.length){overlay(m.problems);}else if(m.build!==build){location.reload();}}
        es.addEventListener("hello",onState);
        es.addEventListener("build-error",onState);
        es.addEventListener("reload",function(){location.reload();});
        if(!site)return;
        function cookie(){var o={},m=document.cookie.match(/(?:^|; )sg_preview=([^;]*)/);
          if(m)new URLSearchParams(decodeURIComponent(m[1])).forEach(function(v,k){o[k]=v;});return o;}
        function choose(o){var p=new URLSearchParams();KEYS.forEach(function(k){if(o[k])p.set(k,o[k]);});
          document.cookie="sg_preview="+encodeURIComponent(p.toString())+"; path=/; SameSite=Lax";
          var u=new URL(location.href);KEYS.forEach(function(k){u.searchParams.delete(k);});location.replace(u.toString());}
        var host=document.createElement("div");host.id="sitegen-preview";
        var root=host.attachShadow({mode:"open"});
        var spacer=document.createElement("div");spacer.style.height="44px";
        document.body.appendChild(spacer);document.body.appendChild(host);
        fetch("/_sitegen/preview/decide?site="+encodeURIComponent(site)+location.search.replace(/^\?/,"&"),{cache:"no-store"}).then(function(r){return r.json();}).then(function(d){
          var c=d.visitor,sim=d.simulated,picked=d.pick;
          function sel(name,label,options,value){return '<label>'+label+' <select name="'+name+'">'+options.map(function(o){
            return '<option value="'+esc(o[0])+'"'+(String(o[0])===String(value)?' selected':'')+'>'+esc(o[1])+'</option>';}).join("")+'</select></label>';}
          var hours=[["","auto ("+c.hour+")"]];for(var h=0;h<24;h++)hours.push([String(h),h+":00"]);
          var names=["Mon","Tue","Wed","Thu","Fri","Sat","Sun"],days=[["","auto ("+names[c.weekday-1]+")"]];names.forEach(function(n,i){days.push([String(i+1),n]);});
          var top=d.probabilities.filter(function(p){return p.variant===picked;})[0],tie=d.probabilities.every(function(p){return Math.abs(p.probability-top.probability)<0.005;});
          var odds=(tie?'<span title="no variant is ahead yet">even split &middot; </span>':'')+d.probabilities.map(function(p){return '<span class="'+(p.variant===picked&&!tie?"pick":"")+'">'+esc(p.variant)+' '+(p.probability*100).toFixed(0)+'%</span>';}).join(" &middot; ");
          root.innerHTML='<style>:host{all:initial}div.bar{position:fixed;left:0;right:0;bottom:0;z-index:2147483646;display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center;'+
            'padding:6px 10px;background:#1d1f24;color:#e8e8e8;font:12px/1.4 system-ui,sans-serif;box-shadow:0 -2px 8px rgba(0,0,0,.3)}'+
            'select,input{font:inherit;background:#2c2f36;color:#fff;border:1px solid #444;border-radius:3px;padding:1px 3px}input{width:3.5em}'+
            'b{color:#7fd1ff}.pick{color:#9be89b;font-weight:bold}.served{margin-left:auto}.folded label,.folded .odds{display:none}'+
            'button{font:inherit;background:none;color:#aaa;border:0;cursor:pointer;padding:0 4px}</style>'+
            '<div class="bar"><b>sitegen preview</b>'+
            sel("variant","variant",[["","policy"]].concat(d.variants.map(function(v){return [v,v];})),sim.variant||"")+
            sel("device","device",[["","auto ("+c.device+")"],["mobile","mobile"],["tablet","tablet"],["desktop","desktop"],["bot","bot"]],sim.device||"")+
            '<label>country <input name="country" maxlength="2" placeholder="'+esc(c.country||"--")+'" value="'+esc(sim.country||"")+'"></label>'+
            sel("hour","hour",hours,sim.hour==null?"":sim.hour)+sel("weekday","day",days,sim.weekday==null?"":sim.weekday)+
            '<label>source <input name="source" placeholder="'+esc(c.source||"none")+'" value="'+esc(sim.source||"")+'"></label>'+
            '<span class="odds" title="'+(d.learned?"learned from the production database":"untrained: pass --db to see what production learned")+'">'+(d.learned?"policy (learned)":"policy (untrained)")+': '+odds+'</span>'+
            '<span class="served">serving <b id="served">'+esc(served)+'</b> '+(sim.variant?"(forced)":"(policy pick)")+'</span><button class="fold" title="fold or unfold the bar">&#9662;</button></div>';
          var bar=root.querySelector(".bar");
          // The spacer keeps the page's end above the bar; elements the page pins to the bottom of the
          // window (a sticky "Book now") are lifted by the bar's height so it never covers them.
          function fit(){var h=bar.offsetHeight;spacer.style.height=h+"px";
            document.querySelectorAll("body *").forEach(function(el){if(el===host||el===spacer)return;
              var cs=getComputedStyle(el);if(cs.position!=="fixed"&&cs.position!=="sticky")return;
              if(el.dataset.sgBottom===undefined){if(cs.bottom==="auto")return;el.dataset.sgBottom=cs.bottom;}
              el.style.bottom="calc("+el.dataset.sgBottom+" + "+h+"px)";});}
          try{if(sessionStorage.getItem("sg_preview_folded"))bar.classList.add("folded");}catch(e){}
          root.querySelector(".fold").addEventListener("click",function(){
            var folded=bar.classList.toggle("folded");
            try{folded?sessionStorage.setItem("sg_preview_folded","1"):sessionStorage.removeItem("sg_preview_folded");}catch(e){}
            fit();});
          fit();
          root.querySelectorAll("select,input").forEach(function(el){el.addEventListener("change",function(){
            var o=cookie();new URLSearchParams(location.search).forEach(function(v,k){if(KEYS.indexOf(k)>=0)o[k]=v;});o[el.name]=el.value.trim();choose(o);});});
        }).catch(function(){});
        })();
        """#
}

/// Escaping for text and attribute values in HTML the runtime writes itself.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
