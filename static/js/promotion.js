// Attraction funnel: the period's steps as a funnel, and intended / signed investment by group.
(function () {
  var source = document.getElementById("promotion-data");
  if (!source || !window.echarts) return;
  var d = JSON.parse(source.textContent);
  // SVG renderer; the legend on its own line above the plot, labels kept inside (containLabel).
  var svg = { renderer: "svg" };
  var funnel = echarts.init(document.getElementById("funnel-chart"), null, svg);
  funnel.setOption({
    tooltip: { trigger: "item" },
    series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", data: d.steps,
               label: { formatter: "{b} {c}" } }]
  });
  var groups = echarts.init(document.getElementById("group-chart"), null, svg);
  groups.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: [d.labels.intended, d.labels.signed], top: 0, type: "scroll" },
    grid: { left: 10, right: 20, top: 40, bottom: 10, containLabel: true },
    xAxis: { type: "category", data: d.groups, axisLabel: { interval: 0, rotate: d.groups.length > 6 ? 30 : 0 } },
    yAxis: { type: "value" },
    series: [
      { name: d.labels.intended, type: "bar", data: d.intended },
      { name: d.labels.signed, type: "bar", data: d.signed }
    ]
  });
})();
