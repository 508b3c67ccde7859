import Foundation

/// The page's inline stylesheet: screen first, then A4 print.
enum ReportStyle {
    static let css = """
        :root{--ink:#1b1f24;--muted:#5b6472;--line:#d9dee5;--soft:#f4f6f9;--accent:#1f4e99;--good:#17703a;--warn:#9a5b00;--bad:#b3261e}
        *{box-sizing:border-box}
        html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        body{margin:0;background:#eef1f5;color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:1040px;margin:0 auto;padding:24px 20px 40px}
        header.top{display:flex;justify-content:space-between;align-items:flex-end;gap:16px;flex-wrap:wrap;margin-bottom:14px}
        header.top h1{font-size:22px;margin:0;line-height:1.2;overflow-wrap:break-word}
        header.top .meta{color:var(--muted);font-size:12.5px;text-align:right}
        .eyebrow{font-size:11px;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);font-weight:600}
        section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 16px}
        section>h2{font-size:16px;margin:0 0 4px}
        section>p.lead{margin:0 0 12px;color:var(--muted);font-size:13px}
        h3{font-size:13.5px;margin:16px 0 6px}
        .verdict{border-left:6px solid var(--accent)}
        .verdict.k-winning{border-left-color:var(--good)}
        .verdict.k-keep-exploring{border-left-color:var(--accent)}
        .verdict.k-no-real-difference{border-left-color:#6b6b6b}
        .verdict.k-too-little-data{border-left-color:var(--warn)}
        .verdict h2{font-size:21px;margin:6px 0 6px;overflow-wrap:break-word}
        .verdict p.text{font-size:14.5px;margin:0 0 14px;max-width:76ch;overflow-wrap:break-word}
        .chip{display:inline-block;border-radius:999px;padding:1px 10px;font-size:11.5px;font-weight:600;border:1px solid currentColor}
        .chip.k-winning{color:var(--good)}.chip.k-keep-exploring{color:var(--accent)}.chip.k-no-real-difference{color:#555}.chip.k-too-little-data{color:var(--warn)}
        .chip.ok{color:var(--good)}.chip.flag{color:var(--bad)}.chip.pin{color:#5b3a8e;font-weight:600}
        .kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(128px,1fr));gap:10px}
        .kpi{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:9px 12px;min-width:0}
        .kpi .l{font-size:11.5px;color:var(--muted)}
        .kpi .v{font-size:19px;font-weight:650;font-variant-numeric:tabular-nums;line-height:1.3;overflow-wrap:anywhere}.kpi .v .id{white-space:normal;overflow-wrap:break-word;font-size:14px}
        .kpi .s{font-size:11.5px;color:var(--muted);font-variant-numeric:tabular-nums}
        .pos{color:var(--good)}.neg{color:var(--bad)}
        table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
        th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:right;vertical-align:middle}
        th{font-size:11.5px;font-weight:600;color:var(--muted);background:var(--soft);white-space:nowrap}
        th.l,td.l{text-align:left}
        td.id-cell{max-width:200px;overflow-wrap:break-word;text-align:left}
        .id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
        tr.leader td{background:#f2f7ee}
        tr.differs td{background:#fff6e5}
        td .sub,th .sub{display:block;font-size:11px;color:var(--muted);font-weight:400;white-space:nowrap}
        .vname{white-space:nowrap}.vlong{display:inline-block;width:130px;overflow-wrap:anywhere}
        table.lb td,table.lb th{padding:6px 6px}
        .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:-1px}
        .tablewrap{overflow-x:auto}
        .units{font-size:12px;color:var(--muted);margin:8px 0 0}
        svg{display:block;overflow:visible}
        svg.chart{width:100%;height:auto;max-width:100%}
        svg.rowchart{width:136px;height:auto}svg.scanbar{width:220px;height:auto}
        svg.pbar{display:block;width:64px;height:8px;margin:3px 0 0 auto}
        svg text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#5b6472}
        svg text.lab{fill:#1b1f24;font-size:12px}svg text.strong{font-weight:700}
        svg .grid{stroke:#e3e7ed;stroke-width:1}
        svg .axis{stroke:#9aa3ae;stroke-width:1}
        svg .track{stroke:#d9dee5;stroke-width:2}
        svg .ref{stroke:#222;stroke-width:1;stroke-dasharray:2 2}
        svg .ci{fill-opacity:.55;stroke:#1b1f24;stroke-width:.6}
        svg .mean{fill:#111}
        svg .ptrack{fill:#e6e9ee}
        svg .area{stroke:#fff;stroke-width:1.2}
        svg .band{fill-opacity:.14;stroke:none}
        svg .line{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
        svg .bar{fill:#4d6a8f}
        svg .fc95{fill:#c9d6e8}svg .fc80{fill:#97b0d3}
        svg .fcline{fill:none;stroke:#1f4e99;stroke-width:2;stroke-dasharray:5 3}
        svg .now{stroke:#5b6472;stroke-dasharray:3 3}
        svg .anomaly{fill:#d45087;fill-opacity:.16;stroke:#b3261e;stroke-width:1;stroke-dasharray:4 2}
        svg text.anomaly-label{fill:#b3261e;font-weight:700}
        svg .stripe{fill:#f6f8fa}
        svg .whisker{stroke-width:2}
        figure.chart-fig{margin:6px 0 18px;break-inside:avoid;page-break-inside:avoid}
        figcaption{font-size:12px;color:var(--muted);margin-top:2px}
        ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;margin:6px 0 2px;padding:0;font-size:12px}
        ul.legend li{display:flex;align-items:center;gap:6px;overflow-wrap:break-word}
        .sw{display:inline-block;width:22px;height:0;flex:none}
        .sw-fill{height:10px;width:14px;border-radius:2px;border:1px solid}
        .sw-band{height:10px;width:14px;background:#1f4e99;opacity:.2}
        .sw-bar{height:10px;width:10px;background:#4d6a8f}
        .sw-fcline{border-top:2px dashed #1f4e99}
        .sw-fc80{height:10px;width:14px;background:#97b0d3}.sw-fc95{height:10px;width:14px;background:#c9d6e8}
        .sw-anomaly{height:10px;width:14px;background:#f6dde7;border:1px dashed #b3261e}
        .sw-ref{border-top:1.5px dashed #222}
        .mk{display:inline-block;width:9px;height:9px;border:1.6px solid #333;flex:none}
        .mk-dr{border-radius:50%;background:#333}.mk-ips{transform:rotate(45deg);width:8px;height:8px}
        .grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:14px}
        .seg{border:1px solid var(--line);border-radius:8px;padding:10px 12px;break-inside:avoid;page-break-inside:avoid;min-width:0}
        .seg h3{margin:0 0 6px}
        .seg table{font-size:12px;table-layout:fixed}.seg th,.seg td{padding:4px 5px}.seg th{white-space:normal;vertical-align:bottom}.seg .id{font-family:inherit;font-size:12px}.seg col.c-seg{width:24%}.seg col.c-lead{width:34%}.seg col.c-num{width:14%}
        .callout{background:#fff6e5;border:1px solid #f0d49c;border-radius:8px;padding:10px 14px;margin:0 0 14px;font-size:13px}
        .callout.bad{background:#fdeceb;border-color:#f1b5b0}
        .callout.good{background:#eef7f0;border-color:#b9dec3}
        .callout ul{margin:4px 0 0;padding-left:18px}
        .empty{border:1px dashed var(--line);border-radius:8px;padding:16px;color:var(--muted);text-align:center;background:var(--soft)}
        .badge{display:inline-block;font-size:10.5px;font-weight:600;border-radius:4px;padding:0 5px;margin-left:6px;background:#fde8c4;color:#7a4a00;white-space:nowrap}
        .badge.pin{background:#ece4f7;color:#4b2d7f}
        .sentence{font-size:14.5px;margin:0 0 10px;max-width:80ch}
        ol.anoms{margin:4px 0 0;padding-left:20px;font-size:12.5px}
        footer{color:var(--muted);font-size:11.5px;margin-top:8px}
        footer dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}
        footer dt{font-weight:600}footer dd{margin:0}
        @page{size:A4;margin:12mm 11mm 14mm}
        @media print{
          body{background:#fff;font-size:11.5px}
          main{max-width:none;padding:0}
          section{border:none;border-top:1.5px solid #333;border-radius:0;padding:10px 0 4px;margin:0 0 8px}
          section.verdict{border-left:none;border-top:4px solid #333}
          h2{break-after:avoid;page-break-after:avoid}
          tr,figure,.kpi,.callout,.seg,.keep{break-inside:avoid;page-break-inside:avoid}
          thead{display:table-header-group}
          .tablewrap{overflow:visible}
          table{font-size:10.5px}th{font-size:9.5px}th,td{padding:4px 4px}.id{font-size:10.5px}
          td.id-cell{max-width:120px}
          .kpis{grid-template-columns:repeat(3,1fr);gap:6px}.kpi{padding:6px 9px}
          .grid2{grid-template-columns:1fr 1fr;gap:8px}
          section>p.lead,.units,figcaption{font-size:10px}
          .kpi .v{font-size:16px}
          a{color:inherit;text-decoration:none}
        }
        """
}
