"""Thai text corpus for PDF text round-trip tests and benchmarks."""

from __future__ import annotations

from html import escape
from pathlib import Path

CONSONANTS = "".join(chr(code) for code in range(0x0E01, 0x0E2F))  # ก … ฮ
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

#: name → text; each entry exercises one shaping case.
CORPUS: dict[str, str] = {
    "consonants": CONSONANTS,
    "consonants_spaced": " ".join(CONSONANTS),
    "pre_vowels": "เก แก โก ใจ ไป เกา เกีย เกือ แกะ โต๊ะ เลี้ยว เปลี่ยน",
    "above_vowels": "กั กิ กี กึ กื ก็ กัน กิน กีฬา ตึก มือ เห็น",
    "below_vowels": "กุ กู ทุก หมู ปุ่ม ฟู ฤ ฦ ฤๅ ฦๅ",
    "phinthu_yamakkan": "พฺ สฺ อ๎",
    "sara_a_aa_am": "กะ กา กำ ทำ นำ จำ ดำ สำนัก กำหนด ดำเนินการ",
    "tone_marks": "ก่ ก้ ก๊ ก๋ ป่า ป้า ป๊า ป๋า ไม่ ได้ โต๊ะ จ๋า",
    "tone_on_upper_vowel": "ที่ นี้ ปั้น ผื่น ฝั่ง ปี่ ฟื้น จี๊ด ตั๋ว สิ้น",
    "tall_consonants": "ป่ ป้ ปี ปิ่น ฝ้าย ฟ้อง ฬ่ ฬา จุฬา",
    "am_after_tone": "น้ำ ค้ำ ล้ำ ช้ำ ซ้ำ ย่ำ ก่ำ ต่ำ ร่ำ ท่ำ ข้ำ ม่ำ",
    "am_with_tone_words": "น้ำท่วม ค้ำประกัน ล้ำหน้า ซ้ำซาก ต่ำสุด ร่ำรวย",
    "thanthakhat": "ยุทธศาสตร์ ศักดิ์ จันทร์ พระองค์ สัตว์ ธุรกิจ์",
    "nikhahit_alone": "ํ กํ",
    "yo_thothan_below": "ญุ ญู ฐุ ฐู กตัญญู ญาณ ฐาน ฐิติ บุญ สัญญา",
    "digits": THAI_DIGITS + " ๒๕๖๔ ๐๕๐๒/๕๓๖ 0123456789",
    "mixed": "ISO 9001:2015 มาตรฐาน v1.2 (PDF/A-3b) พ.ศ. ๒๕๖๔ = ค.ศ. 2021 ราคา ฿1,250.50",
    "punctuation": "ต่าง ๆ ฯลฯ กรุงเทพฯ ๏ ๚ ๛ “คำพูด” ‘ข้อความ’ – — … ; : ! ?",
    "latin_shaping": "office affine ﬁle naïve café Zürich",
    "government": (
        "บันทึกข้อความ ส่วนราชการ สำนักยุทธศาสตร์และประเมินผล "
        "ที่ กท ๐๕๐๒/๕๓๖ วันที่ ๒๐ มีนาคม ๒๕๖๔ เรื่อง ขออนุมัติดำเนินการ "
        "เรียน ผู้อำนวยการ น้ำท่วม ดำเนินการ ผู้ว่าราชการกรุงเทพมหานคร"
    ),
}

#: The issue's own example, which plain WeasyPrint 70 extracts wrongly.
ISSUE_EXAMPLE = "สำนักยุทธศาสตร์ น้ำท่วม ดำเนินการ"

# A copy of shared/seed/000_444ccbf4ccd7887c.txt (the six retyped memos), kept in the repository
# so the round-trip tests run in any checkout.
MEMO_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "memo_2564_six_copies.txt"


def memo_text() -> str:
    """Return the seed memo text (several Bangkok memos and a schedule table)."""
    return MEMO_PATH.read_text(encoding="utf-8")


def document_html(paragraphs: list[str], *, title: str = "ทดสอบ", styled: bool = True) -> str:
    """Wrap text paragraphs in an HTML page styled like the portal's templates.

    With ``styled``, every fourth paragraph is bold and every fifth italic, so
    all Sarabun faces are exercised.
    """
    body = []
    for number, text in enumerate(paragraphs):
        tag = "p"
        html = escape(text).replace("\t", " ")
        if styled and number % 4 == 3:
            html = f"<b>{html}</b>"
        if styled and number % 5 == 4:
            html = f"<i>{html}</i>"
        body.append(f"<{tag}>{html}</{tag}>")
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><style>"
        "@page { size: A4; margin: 2cm 2cm 2cm 3cm }"
        'body { font-family: "Sarabun"; font-size: 16pt; line-height: 1.4 }'
        "</style></head><body>" + "\n".join(body) + "</body></html>"
    )


def corpus_paragraphs() -> list[str]:
    """Return the corpus entries in a stable order."""
    return list(CORPUS.values())


def memo_paragraphs() -> list[str]:
    """Return the memo's non-empty lines, one paragraph each."""
    return [line.strip() for line in memo_text().splitlines() if line.strip()]
