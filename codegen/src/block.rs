//! Reading the lines of a code block: `Name = code` entries, as events.md writes them,
//! and the server's C# enum as its source writes it, since that is what maintainers
//! paste: the declaration and its braces, attributes (`[Description("...")]` gives the
//! description, others are ignored), `///` XML docs (the `<summary>` is the description
//! when nothing else gives one), `//` and `/* */` comments, hexadecimal codes. Anything
//! else is an error at its line.

/// One entry of a block, with byte offsets into its line.
#[derive(Debug, PartialEq, Eq)]
pub struct BlockEntry<'a> {
    pub name: &'a str,
    pub name_at: usize,
    pub value: &'a str,
    pub value_at: usize,
    pub description: Option<String>,
}

/// What a line of a block holds.
#[derive(Debug, PartialEq, Eq)]
pub enum BlockLine<'a> {
    /// Nothing that makes an entry: blank, a comment, an attribute, the declaration.
    Skip,
    Entry(BlockEntry<'a>),
    /// A problem at a byte offset of the line.
    Error {
        at: usize,
        message: String,
    },
}

/// Reads one block line by line: a `/* */` comment, `///` docs and attributes can
/// span lines before the entry they belong to.
#[derive(Debug, Default)]
pub struct BlockReader {
    in_comment: bool,
    /// The `///` lines since the last entry, each without its slashes.
    doc: String,
    /// From a `[Description("...")]` since the last entry.
    described: Option<String>,
}

impl BlockReader {
    pub fn line<'a>(&mut self, line: &'a str) -> BlockLine<'a> {
        let mut at = 0;
        // Comments and attributes that come before anything else on the line.
        loop {
            if self.in_comment {
                match line[at..].find("*/") {
                    Some(end) => (at, self.in_comment) = (at + end + 2, false),
                    None => return BlockLine::Skip,
                }
            }
            at += indent(&line[at..]);
            let rest = &line[at..];
            if let Some(doc) = rest.strip_prefix("///") {
                self.doc.push_str(doc);
                self.doc.push('\n');
                return BlockLine::Skip;
            } else if rest.is_empty() || rest.starts_with("//") {
                return BlockLine::Skip;
            } else if rest.starts_with("/*") {
                (at, self.in_comment) = (at + 2, true);
            } else if rest.starts_with('[') {
                match attributes(rest) {
                    Ok((len, described)) => {
                        self.described = described.or(self.described.take());
                        at += len;
                    }
                    Err(message) => return BlockLine::Error { at, message },
                }
            } else {
                break;
            }
        }
        let rest = &line[at..];
        let (body, comment) = match rest.find("//").into_iter().chain(rest.find("/*")).min() {
            Some(i) if rest[i..].starts_with("//") => (&rest[..i], Some(rest[i + 2..].trim())),
            Some(i) => {
                // A comment after the entry: what follows it is read as the entry's end.
                let after = &rest[i + 2..];
                match after.find("*/") {
                    Some(end) if !after[end + 2..].trim().is_empty() => {
                        let message = format!(
                            "expected the line to end after `{}`",
                            after[end + 2..].trim()
                        );
                        return BlockLine::Error {
                            at: at + i,
                            message,
                        };
                    }
                    Some(_) => {}
                    None => self.in_comment = true,
                }
                (&rest[..i], None)
            }
            None => (rest, None),
        };
        let body = body.trim_end();
        if matches!(body, "{" | "}" | "};") || is_declaration(body) {
            // Docs and attributes of the enum itself belong to no entry.
            self.doc.clear();
            self.described = None;
            return BlockLine::Skip;
        }
        let Some((name, value)) = body.split_once('=') else {
            let message = format!("expected `Name = code`, found `{}`", rest.trim_end());
            return BlockLine::Error { at, message };
        };
        let value_at = at + name.len() + 1 + indent(value);
        let value = value.trim();
        let value = value.strip_suffix(',').unwrap_or(value).trim_end();
        let doc = std::mem::take(&mut self.doc);
        let description = self
            .described
            .take()
            .or_else(|| comment.filter(|c| !c.is_empty()).map(str::to_owned))
            .or_else(|| summary(&doc));
        BlockLine::Entry(BlockEntry {
            name: name.trim(),
            name_at: at,
            value,
            value_at,
            description,
        })
    }
}

/// Bytes of leading whitespace.
pub fn indent(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// `public enum LogEventType : int`, with or without modifiers, base type and `{`.
fn is_declaration(body: &str) -> bool {
    let body = body.strip_suffix('{').unwrap_or(body).replace(':', " : ");
    let mut words = body.split_whitespace().peekable();
    while words
        .next_if(|w| ["public", "internal", "private", "protected", "new", "file"].contains(w))
        .is_some()
    {}
    let is_name = |w: &str| {
        w.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && w.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    };
    if words.next() != Some("enum") || !words.next().is_some_and(is_name) {
        return false;
    }
    match (words.next(), words.next(), words.next()) {
        (None, _, _) => true,
        (Some(":"), Some(base), None) => is_name(base),
        _ => false,
    }
}

/// Reads the attribute list at the start of `text` (`[A, B("x")]`): its length in bytes,
/// and the text of a `Description("...")` among them.
fn attributes(text: &str) -> Result<(usize, Option<String>), String> {
    let unclosed = || "this attribute is not closed on its line: expected `]`".to_owned();
    let mut described = None;
    let mut at = 1;
    loop {
        at += indent(&text[at..]);
        let name_len = text[at..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == ':'))
            .ok_or_else(unclosed)?;
        let name = &text[at..at + name_len];
        at += name_len;
        at += indent(&text[at..]);
        if text[at..].starts_with('(') {
            let len = arguments_len(&text[at..]).ok_or_else(unclosed)?;
            let arguments = &text[at + 1..at + len - 1];
            let name = name.rsplit(['.', ':']).next().unwrap_or(name);
            if matches!(name, "Description" | "DescriptionAttribute") {
                described = string_literal(arguments.trim());
            }
            at += len;
            at += indent(&text[at..]);
        }
        if name.is_empty() {
            return Err(format!(
                "expected an attribute such as `[Description(\"...\")]`, found `{}`",
                text.trim_end()
            ));
        }
        match text[at..].chars().next() {
            Some(',') => at += 1,
            Some(']') => return Ok((at + 1, described)),
            _ => return Err(unclosed()),
        }
    }
}

/// The length of the parenthesised arguments at the start of `text`, strings skipped.
fn arguments_len(text: &str) -> Option<usize> {
    let mut depth = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            '"' => {
                let verbatim = text[..i].ends_with('@');
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' if !verbatim => {
                            chars.next();
                        }
                        '"' if verbatim && chars.peek().is_some_and(|&(_, c)| c == '"') => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// The value of a C# string literal (`"a \"b\""` or `@"a ""b"""`), white space folded
/// as in a doc line; `None` for anything else, such as a constant's name.
fn string_literal(text: &str) -> Option<String> {
    let value = if let Some(body) = text.strip_prefix("@\"").and_then(|t| t.strip_suffix('"')) {
        if body.replace("\"\"", "").contains('"') {
            return None;
        }
        body.replace("\"\"", "\"")
    } else {
        let body = text.strip_prefix('"')?.strip_suffix('"')?;
        let mut value = String::new();
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return None,
                '\\' => value.push(match chars.next()? {
                    'n' | 't' | 'r' => ' ',
                    c => c,
                }),
                c => value.push(c),
            }
        }
        value
    };
    Some(fold_whitespace(&value))
}

fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of `///` docs: their `<summary>` if they have one, tags dropped, white space
/// folded; `None` when that leaves nothing.
fn summary(doc: &str) -> Option<String> {
    let doc = match (doc.find("<summary>"), doc.find("</summary>")) {
        (Some(start), Some(end)) if start < end => &doc[start + "<summary>".len()..end],
        _ => doc,
    };
    let mut text = String::new();
    let mut in_tag = false;
    for c in doc.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => text.push(c),
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    Some(fold_whitespace(&text)).filter(|text| !text.is_empty())
}
