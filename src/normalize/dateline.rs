//! Datelines: the place (and agency) that opens a wire story, such as
//! `(LONDON) — `, which copies add, drop or change.

/// Length in bytes of a leading dateline such as `(LONDON) — `,
/// `WASHINGTON (AP) — ` or `PARIS, France -- `, or 0 when there is none.
pub fn dateline_len(text: &str) -> usize {
    const MAX: usize = 80;
    let head = &text[..floor_char_boundary(text, MAX)];
    let mut chars = head.char_indices().peekable();
    let mut open = false;
    if let Some(&(_, '(')) = chars.peek() {
        chars.next();
        open = true;
    }
    // The place: capitals, spaces and a little punctuation; at least three
    // capitals and no lower-case letter in its first word.
    let mut capitals = 0;
    let mut end_place = 0;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_uppercase() {
            capitals += 1;
        } else if c.is_lowercase() {
            // "PARIS, France": one mixed-case word may follow a comma.
            match head[..i].rsplit_once(", ") {
                Some((_, tail)) if !tail.contains(' ') => {}
                _ => return 0,
            }
        } else if !(c == ' ' || c == '.' || c == ',' || c == '\'' || c == '’' || c == '&') {
            break;
        }
        end_place = i + c.len_utf8();
        chars.next();
    }
    if capitals < 3 {
        return 0;
    }
    let mut rest = &head[end_place..];
    if open {
        rest = match rest.strip_prefix(')') {
            Some(r) => r,
            None => return 0,
        };
    }
    // An optional agency in parentheses: "(AP)", "(Reuters)".
    let trimmed = rest.trim_start();
    if let Some(inner) = trimmed.strip_prefix('(') {
        match inner.find(')') {
            Some(close) if close <= 20 && !inner[..close].contains('(') => {
                rest = &inner[close + 1..];
            }
            _ => return 0,
        }
    }
    let rest_trim = rest.trim_start();
    let dash_at = head.len() - rest_trim.len();
    let spaced = head[..dash_at].ends_with(char::is_whitespace);
    let after = if let Some(r) = rest_trim
        .strip_prefix('—')
        .or_else(|| rest_trim.strip_prefix('–'))
    {
        r
    } else if let Some(r) = rest_trim.strip_prefix("--") {
        r
    } else if spaced {
        match rest_trim.strip_prefix('-') {
            Some(r) => r,
            None => return 0,
        }
    } else {
        return 0;
    };
    let body = after.trim_start();
    if body.len() == after.len() || body.is_empty() {
        return 0;
    }
    head.len() - body.len()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
