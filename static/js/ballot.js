/* Running total of a ballot against the budget (the form works without it). */
(function () {
  "use strict";
  var form = document.getElementById("ballot-form");
  var box = document.getElementById("running-total");
  if (!form || !box) { return; }
  var text = document.getElementById("running-total-text");
  var meter = document.getElementById("running-total-meter");
  var total = parseFloat(form.getAttribute("data-budget-total")) || 0;
  var rule = form.getAttribute("data-rule");
  var maxPoints = parseInt(form.getAttribute("data-max-points"), 10) || 0;
  var lang = document.documentElement.lang;
  var currency = box.getAttribute("data-currency");
  var numbers = new Intl.NumberFormat(lang === "th" ? "th-TH" : "en-GB", { maximumFractionDigits: 2 });

  function money(value) {
    var amount = numbers.format(value);
    if (currency === "THB") { return lang === "th" ? amount + " บาท" : "฿" + amount; }
    return lang === "th" ? amount + " " + currency : currency + " " + amount;
  }
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }
  function thaiDigits(value) {
    return value.replace(/[๐-๙]/g, function (d) { return String(d.charCodeAt(0) - 0x0E50); });
  }

  function update() {
    var count = 0, cost = 0, points = 0;
    if (rule === "cumulative") {
      form.querySelectorAll("[data-points]").forEach(function (input) {
        var n = parseInt(thaiDigits(input.value || ""), 10);
        if (n > 0) { count += 1; points += n; cost += parseFloat(input.getAttribute("data-cost")) || 0; }
      });
      text.textContent = fill(box.getAttribute("data-text-points"), { points: numbers.format(points), max: maxPoints ? numbers.format(maxPoints) : "∞" });
      box.classList.toggle("over", maxPoints > 0 && points > maxPoints);
      meter.max = maxPoints || 1; meter.value = points;
      return;
    }
    form.querySelectorAll('input[name="projects"]:checked').forEach(function (input) {
      count += 1; cost += parseFloat(input.getAttribute("data-cost")) || 0;
    });
    var message = fill(box.getAttribute("data-text-total"), { count: numbers.format(count), cost: money(cost), total: money(total) });
    var over = rule === "knapsack" && cost > total;
    if (over) { message += " — " + fill(box.getAttribute("data-text-over"), { over: money(cost - total) }); }
    text.textContent = message;
    box.classList.toggle("over", over);
    meter.value = Math.min(cost, total);
  }

  var errors = document.getElementById("ballot-errors");
  if (errors) { errors.focus(); }
  text.hidden = false;
  meter.hidden = false;
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
