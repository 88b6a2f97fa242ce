// The 驾驶舱's chart: each unit's 完成率 as a bar coloured against the 序时进度 line. The page
// refreshes itself with htmx (the whole #cockpit region); the chart is drawn again after each swap.
// htmx drops <script> elements from swapped content (scripts are off), the json_script too: its
// data is read from the fetched page before the swap, by parsing it (parsing runs nothing).
(function () {
  var COLOURS = { green: "#4cd97b", yellow: "#ffc83d", red: "#ff6b6b", none: "#9fb6d6" };
  var chart = null;
  var fetched = null;
  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail && e.detail.xhr;
    if (!xhr || !xhr.responseText) return;
    var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    // Not the screen (the session ended and the login page came back, or an error page): keep
    // showing the last figures rather than a blank screen; the next poll tries again.
    if (!page.getElementById("cockpit")) { e.detail.shouldSwap = false; return; }
    var source = page.getElementById("cockpit-data");
    if (source) fetched = source.textContent;
  });
  function draw() {
    var el = document.getElementById("cockpit-units");
    var source = document.getElementById("cockpit-data");
    var text = fetched || (source && source.textContent);
    if (!el || !text || !window.echarts) return;
    var d = JSON.parse(text);
    if (chart) chart.dispose();
    chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      textStyle: { color: "#e8eef7", fontSize: 16 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v.toFixed(2) + "%"; } },
      grid: { left: 10, right: 30, top: 30, bottom: 10, containLabel: true },
      xAxis: { type: "category", data: d.groups, axisLabel: { color: "#e8eef7", fontSize: 15, interval: 0,
               rotate: d.groups.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", axisLabel: { color: "#9fb6d6", formatter: "{value}%" },
               splitLine: { lineStyle: { color: "#1d3c69" } },
               max: function (v) { return Math.ceil(Math.max(v.max, d.benchmark) / 10) * 10; } },
      series: [{
        name: d.labels.completion, type: "bar", barMaxWidth: 60,
        data: d.completion.map(function (v, i) { return { value: v, itemStyle: { color: COLOURS[d.colours[i]] } }; }),
        label: { show: true, position: "top", color: "#e8eef7", formatter: function (p) { return p.value == null ? "" : p.value.toFixed(2) + "%"; } },
        markLine: { symbol: "none", data: [{ yAxis: d.benchmark }], lineStyle: { color: "#ffffff", type: "dashed", width: 2 },
                    label: { position: "insideEndTop", color: "#ffffff", formatter: d.labels.benchmark + " " + d.benchmark.toFixed(2) + "%" } }
      }]
    });
    // A bar opens the ledger of its unit, as the links under the chart do.
    chart.on("click", function (p) { if (d.urls[p.dataIndex]) window.location.href = d.urls[p.dataIndex]; });
  }
  document.addEventListener("DOMContentLoaded", draw);
  if (document.readyState !== "loading") draw();
  document.addEventListener("htmx:afterSettle", draw);
  window.addEventListener("resize", function () { if (chart) chart.resize(); });
})();
