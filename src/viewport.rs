//! Which paragraphs of the article are rendered (pure: tested natively).
//!
//! A long article renders only the paragraphs around the reader's place
//! (`Ui::view_at`, a byte offset): [`BEFORE`] paragraphs above the one at
//! the top of the viewport and [`AFTER`] below it. The paragraphs that are
//! not rendered are stood in for by two spacers whose heights are
//! estimated from their length ([`Geometry`], measured on the rendered
//! ones), so the scroll bar spans the whole article and any place in it can
//! be scrolled to; the browser's scroll anchoring keeps the paragraph being
//! read still when an estimate is corrected. Articles of at most
//! [`RENDER_ALL_UP_TO`] paragraphs are rendered whole.

use crate::components::ParaInfo;

/// Articles with at most this many paragraphs are rendered whole.
pub const RENDER_ALL_UP_TO: usize = 60;
/// Paragraphs rendered above the one at the top of the viewport.
pub const BEFORE: usize = 8;
/// Paragraphs rendered from the one at the top of the viewport down: a
/// tall screen of short paragraphs and a screen more, so Tab moves focus
/// to highlights that are already there.
pub const AFTER: usize = 30;
/// After a jump to a far place (the scroll bar, End, find, the side
/// panel), only a screenful is rendered at first: 2 paragraphs above and
/// this many from the top; the rest of the window follows after a paint.
pub const FIRST_AFTER: usize = 10;

/// How tall an unrendered paragraph is estimated to be: `margin` plus
/// `px_per_byte` for each byte of its text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub margin: f64,
    pub px_per_byte: f64,
}

impl Default for Geometry {
    /// A desktop column: about 85 characters a line of 30 px, 1 em apart.
    fn default() -> Geometry {
        Geometry {
            margin: 17.0,
            px_per_byte: 0.35,
        }
    }
}

impl Geometry {
    /// The geometry measured on `count` rendered paragraphs of `bytes`
    /// bytes that are `height` px tall together; `None` when there is too
    /// little to measure or the result is not plausible.
    pub fn measured(height: f64, bytes: usize, count: usize, margin: f64) -> Option<Geometry> {
        if bytes < 2_000 || count == 0 || !height.is_finite() {
            return None;
        }
        let px_per_byte = (height - margin * count as f64) / bytes as f64;
        (px_per_byte > 0.01 && px_per_byte < 10.0).then_some(Geometry {
            margin,
            px_per_byte,
        })
    }

    /// Whether `other` differs enough to be worth a re-render (5%).
    pub fn differs(&self, other: &Geometry) -> bool {
        (self.px_per_byte - other.px_per_byte).abs() > self.px_per_byte * 0.05
            || (self.margin - other.margin).abs() > 1.0
    }
}

/// The paragraphs `from..to` to render: the whole window, or (`full`
/// false, just after a far jump) a screenful.
pub fn range(paras: &[ParaInfo], view_at: usize, full: bool) -> (usize, usize) {
    let n = paras.len();
    if n <= RENDER_ALL_UP_TO {
        return (0, n);
    }
    let top = index_of(paras, view_at);
    if !full {
        return (top.saturating_sub(2), (top + FIRST_AFTER).min(n));
    }
    let from = top.saturating_sub(BEFORE);
    let to = (top + AFTER).min(n);
    // Near the end, render a full window all the same.
    let from = from.min(n.saturating_sub(BEFORE + AFTER));
    (from, to)
}

/// The paragraph holding byte `pos` (the last one for a position past the
/// end).
pub fn index_of(paras: &[ParaInfo], pos: usize) -> usize {
    paras
        .partition_point(|p| p.end <= pos)
        .min(paras.len().saturating_sub(1))
}

/// The estimated height of paragraphs `0..i`.
fn height_before(paras: &[ParaInfo], i: usize, g: Geometry) -> f64 {
    let Some(first) = paras.first() else {
        return 0.0;
    };
    let bytes = match paras.get(i) {
        Some(p) => p.start - first.start,
        None => paras.last().map_or(0, |p| p.end - first.start),
    };
    i as f64 * g.margin + bytes as f64 * g.px_per_byte
}

/// The estimated height of paragraphs `from..to`.
pub fn height(paras: &[ParaInfo], from: usize, to: usize, g: Geometry) -> f64 {
    if to <= from {
        return 0.0;
    }
    height_before(paras, to, g) - height_before(paras, from, g)
}

/// The paragraph estimated to be `y` px below the top of the article.
pub fn index_at(paras: &[ParaInfo], y: f64, g: Geometry) -> usize {
    let n = paras.len();
    // The first i whose top is below y, minus one.
    let mut lo = 0;
    let mut hi = n;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if height_before(paras, mid, g) <= y {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo.saturating_sub(1).min(n.saturating_sub(1))
}

/// Whether the paragraph at the top of the viewport (`top`) is far enough
/// from the middle of the rendered range `from..to` that it should move.
pub fn should_move(top: usize, from: usize, to: usize, n: usize) -> bool {
    if n <= RENDER_ALL_UP_TO {
        return false;
    }
    let low = if from == 0 { 0 } else { from + BEFORE / 2 };
    let high = if to >= n {
        n
    } else {
        to.saturating_sub(AFTER * 3 / 4)
    };
    top < low || top > high
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(lens: &[usize]) -> Vec<ParaInfo> {
        let mut at = 0;
        lens.iter()
            .map(|&l| {
                let p = ParaInfo {
                    start: at,
                    end: at + l,
                    u16_start: at,
                    text: "x".repeat(l).into(),
                };
                at += l + 2;
                p
            })
            .collect()
    }

    #[test]
    fn short_articles_are_rendered_whole() {
        let p = paras(&[100; RENDER_ALL_UP_TO]);
        assert_eq!(range(&p, 0, true), (0, RENDER_ALL_UP_TO));
        assert_eq!(range(&p, 5_000, false), (0, RENDER_ALL_UP_TO));
        assert!(!should_move(50, 0, RENDER_ALL_UP_TO, RENDER_ALL_UP_TO));
    }

    #[test]
    fn long_articles_render_a_window_around_the_place() {
        let p = paras(&[100; 1000]);
        assert_eq!(range(&p, 0, true), (0, AFTER));
        let at = p[500].start + 3;
        assert_eq!(range(&p, at, true), (500 - BEFORE, 500 + AFTER));
        // just after a far jump: a screenful first
        assert_eq!(range(&p, at, false), (498, 500 + FIRST_AFTER));
        assert_eq!(range(&p, usize::MAX, false), (997, 1000));
        // the end: a full window, ending at the last paragraph
        assert_eq!(range(&p, usize::MAX, true), (1000 - BEFORE - AFTER, 1000));
        assert_eq!(index_of(&p, usize::MAX), 999);
        assert_eq!(index_of(&p, p[10].end), 11); // the blank between
    }

    #[test]
    fn estimates_are_additive_and_invert() {
        let p = paras(&[50, 300, 10, 1000, 200]);
        let g = Geometry::default();
        let whole = height(&p, 0, 5, g);
        assert!((height(&p, 0, 2, g) + height(&p, 2, 5, g) - whole).abs() < 1e-9);
        assert_eq!(height(&p, 3, 3, g), 0.0);
        for i in 0..5 {
            let top = height(&p, 0, i, g);
            assert_eq!(index_at(&p, top + 0.5, g), i, "paragraph {i}");
        }
        assert_eq!(index_at(&p, -5.0, g), 0);
        assert_eq!(index_at(&p, whole * 3.0, g), 4);
        assert_eq!(index_at(&[], 10.0, g), 0);
        assert_eq!(height(&[], 0, 0, g), 0.0);
    }

    #[test]
    fn the_window_moves_only_when_the_reader_nears_its_edge() {
        let n = 1000;
        let (from, to) = (490, 490 + BEFORE + AFTER);
        assert!(!should_move(500, from, to, n));
        assert!(should_move(from, from, to, n));
        assert!(should_move(to - 2, from, to, n));
        // at the very top and bottom, nothing more to render
        assert!(!should_move(0, 0, AFTER, n));
        assert!(!should_move(n - 1, n - BEFORE - AFTER, n, n));
    }

    #[test]
    fn measured_geometry_is_plausible_or_none() {
        let g = Geometry::measured(2_000.0, 5_000, 10, 17.0).unwrap();
        assert!((g.px_per_byte - (2_000.0 - 170.0) / 5_000.0).abs() < 1e-9);
        assert!(Geometry::measured(2_000.0, 100, 1, 17.0).is_none());
        assert!(Geometry::measured(f64::NAN, 5_000, 10, 17.0).is_none());
        assert!(Geometry::measured(0.0, 5_000, 10, 17.0).is_none());
        assert!(!g.differs(&g));
    }
}
