"""Shared checks for the layout browser tests: horizontal overflow and screenshots."""

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

# The elements wider than the viewport, named so a failure says what to fix.
OVERFLOW_SCRIPT = """() => {
  const limit = window.innerWidth + 1;
  if (document.documentElement.scrollWidth <= limit) return [];
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || el.classList.contains('skip-link')) continue;
    if (box.right > limit || box.left < -1) {
      const classes = typeof el.className === 'string' && el.className
        ? '.' + el.className.split(' ').join('.') : '';
      wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes +
        ' ' + Math.round(box.left) + '..' + Math.round(box.right));
    }
    if (wide.length > 8) break;
  }
  return [document.documentElement.scrollWidth + ' > ' + window.innerWidth, ...wide];
}"""


def overflow(page) -> list[str]:
    """Empty when the page does not scroll sideways; else the widest culprits."""
    return page.evaluate(OVERFLOW_SCRIPT)


def save_screenshot(page, relative: str) -> None:
    """A viewport-sized PNG (not the full page) keeps docs/ small."""
    path = SCREENSHOTS / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=False)
