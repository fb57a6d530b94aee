//! The permalink of a project page as a QR code, drawn as SVG: print the
//! page and the code is a notice board's link to the site.

/// The QR code of `text`: its modules, row by row, and how many make a row.
fn modules(text: &str) -> Option<(Vec<qrcode::Color>, usize)> {
    use qrcode::canvas::{Canvas, MaskPattern};
    use qrcode::{EcLevel, bits, ec};
    // Level L keeps the code small (and quick to make); a printed URL needs no more.
    let bits = bits::encode_auto(text.as_bytes(), EcLevel::L).ok()?;
    let version = bits.version();
    let (data, correction) =
        ec::construct_codewords(&bits.into_bytes(), version, EcLevel::L).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::L);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &correction);
    // Every mask decodes. The library's default scores all eight and keeps
    // the best, which cost a seventh of a whole build; a URL's bits are
    // irregular enough that one fixed mask scans as well.
    canvas.apply_mask(MaskPattern::Checkerboard);
    Some((canvas.into_colors(), usize::try_from(version.width()).ok()?))
}

/// The permalink as a QR code, as SVG markup to put inside a page.
///
/// One stroke per run of dark modules, in module units: about a quarter of
/// the size of a square per module, which matters on 40,000 pages.
pub fn svg(url: &str) -> Option<String> {
    let (modules, width) = modules(url)?;
    let side = width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(4096);
    for (y, row) in modules.chunks(width).enumerate() {
        let mut pen_x = None;
        let mut x = 0;
        while x < width {
            if row[x] != qrcode::Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == qrcode::Color::Dark {
                x += 1;
            }
            let run = x - start;
            match pen_x {
                None => {
                    path.push('M');
                    push_number(&mut path, start + QUIET_ZONE);
                    path.push(' ');
                    push_number(&mut path, y + QUIET_ZONE);
                    path.push_str(".5h");
                }
                Some(end) => {
                    path.push('m');
                    push_number(&mut path, start - end);
                    path.push_str(" 0h");
                }
            }
            push_number(&mut path, run);
            pen_x = Some(x);
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" width=\"160\" height=\"160\" \
         shape-rendering=\"crispEdges\" aria-hidden=\"true\" focusable=\"false\">\
         <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{path}\" stroke=\"#000\"/></svg>"
    ))
}

/// Appends a number's digits: a project page draws a few hundred runs,
/// and `write!` cost more than the drawing.
fn push_number(path: &mut String, n: usize) {
    if n >= 10 {
        push_number(path, n / 10);
    }
    path.push(char::from(b'0' + (n % 10) as u8));
}

/// Light modules around the code, as the standard asks.
const QUIET_ZONE: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut path = String::new();
        for n in [0, 7, 10, 123, 4096] {
            push_number(&mut path, n);
            path.push(' ');
        }
        assert_eq!(path, "0 7 10 123 4096 ");
    }

    /// Decodes a square of modules (true: dark) as a camera would see it, 4 pixels a module.
    fn scan(dark: &[Vec<bool>]) -> String {
        let scale = 4;
        let side = dark.len() * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            if dark[y / scale][x / scale] { 0 } else { 255 }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    /// Draws the SVG's path as a viewer would: `M x y.5` and `m dx 0` move
    /// the pen, `h n` strokes n modules of row y.
    fn raster(svg: &str) -> Vec<Vec<bool>> {
        let after = |marker: &str, end: char| {
            let start = svg.find(marker).unwrap() + marker.len();
            svg[start..].split(end).next().unwrap().to_string()
        };
        let side: usize = after("viewBox=\"0 0 ", ' ').parse().unwrap();
        let path = after(" d=\"", '"');
        let mut dark = vec![vec![false; side]; side];
        let (mut x, mut y) = (0.0f64, 0.0f64);
        let mut rest = path.as_str();
        while let Some(command) = rest.chars().next() {
            let end = rest[1..]
                .find(|c: char| c.is_ascii_alphabetic())
                .map_or(rest.len(), |i| i + 1);
            let numbers: Vec<f64> = rest[1..end]
                .split(' ')
                .map(|n| n.parse().unwrap())
                .collect();
            match (command, numbers.as_slice()) {
                ('M', [nx, ny]) => {
                    assert_eq!(
                        ny.fract(),
                        0.5,
                        "a stroke one module wide is centred on its row"
                    );
                    (x, y) = (*nx, *ny);
                }
                ('m', [dx, dy]) => (x, y) = (x + dx, y + dy),
                ('h', [n]) => {
                    dark[y as usize][x as usize..(x + n) as usize].fill(true);
                    x += n;
                }
                other => panic!("unexpected path command {other:?}"),
            }
            rest = &rest[end..];
        }
        dark
    }

    #[test]
    fn the_qr_code_scans_back_to_the_permalink() {
        for url in [
            "https://example.gov.cn/wulong/2024/11/index.html",
            "https://synth.example/minsheng/en/c00001/2024/p01/index.html",
        ] {
            let svg = svg(url).unwrap();
            assert!(svg.starts_with("<svg") && svg.contains("aria-hidden=\"true\""));
            assert_eq!(scan(&raster(&svg)), url);
            assert!(svg.len() < 2600, "{} bytes", svg.len());
        }
    }
}
