// Attraction funnel: the period's steps as a funnel, and intended / signed investment by group.
(function () {
  var source = document.getElementById("promotion-data");
  if (!source || !window.echarts) return;
  var d = JSON.parse(source.textContent);
  var funnel = echarts.init(document.getElementById("funnel-chart"));
  funnel.setOption({
    tooltip: { trigger: "item" },
    series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", data: d.steps,
               label: { formatter: "{b} {c}" } }]
  });
  var groups = echarts.init(document.getElementById("group-chart"));
  groups.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: [d.labels.intended, d.labels.signed] },
    grid: { left: 50, right: 20, top: 30, bottom: 60 },
    xAxis: { type: "category", data: d.groups, axisLabel: { interval: 0, rotate: d.groups.length > 6 ? 30 : 0 } },
    yAxis: { type: "value" },
    series: [
      { name: d.labels.intended, type: "bar", data: d.intended },
      { name: d.labels.signed, type: "bar", data: d.signed }
    ]
  });
})();
