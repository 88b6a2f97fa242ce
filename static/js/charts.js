// Plan vs actual for one project: the plan as a straight line to the annual figure, the
// reported year-to-date figures as bars. Data comes from the page (json_script), never a CDN.
(function () {
  var el = document.getElementById("plan-chart");
  var source = document.getElementById("plan-data");
  if (!el || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  // SVG: crisp text, and a layout the browser can measure. The legend sits on its own line above
  // the plot; containLabel keeps the axis labels inside the chart, clear of the legend.
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: data.labels, top: 0, type: "scroll" },
    grid: { left: 10, right: 20, top: 40, bottom: 10, containLabel: true },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", name: data.unit },
    series: [
      { name: data.labels[0], type: "line", data: data.plan, smooth: false },
      { name: data.labels[1], type: "bar", data: data.actual }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
