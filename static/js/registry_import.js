// Import page: say, as the year is typed, which cycle reads the registry of that year (N−1 → N),
// and warn when no cycle does. The server says the same on the preview page.
(function () {
  "use strict";
  const input = document.getElementById("id_fiscal_year");
  const data = document.getElementById("year-uses");
  if (!input || !data) {
    return;
  }
  const hint = document.createElement("div");
  hint.id = "year-hint";
  hint.className = "form-text text-primary";
  hint.setAttribute("aria-live", "polite");
  input.insertAdjacentElement("afterend", hint);
  const cycleOf = new Map(JSON.parse(data.textContent).map(([registryYear, cycleYear]) => [registryYear, cycleYear]));
  const thaiDigits = "๐๑๒๓๔๕๖๗๘๙";

  function readYear(text) {
    const arabic = text.trim().replace(/[๐-๙]/g, (digit) => String(thaiDigits.indexOf(digit)));
    return /^\d{4}$/.test(arabic) ? Number(arabic) : null;
  }

  function update() {
    const year = readYear(input.value);
    hint.classList.remove("text-danger", "fw-bold");
    hint.classList.add("text-primary");
    if (year === null) {
      hint.textContent = "";
      return;
    }
    const cycleYear = cycleOf.get(year);
    if (cycleYear) {
      hint.textContent = `ทะเบียนปี ${year} จะใช้เลือกสมาชิกในรอบปีงบประมาณ ${cycleYear}`;
    } else {
      hint.textContent = `ยังไม่มีรอบปีงบประมาณ ${year + 1} ที่จะใช้ทะเบียนปี ${year} — ตรวจว่าเลือกปีถูกต้อง`;
      hint.classList.remove("text-primary");
      hint.classList.add("text-danger", "fw-bold");
    }
  }

  input.addEventListener("input", update);
  update();
})();
