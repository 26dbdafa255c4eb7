//! Just enough of Rust's lexer and grammar to find the paths a file names: tokens without
//! comments, strings or characters; `use` trees expanded into whole paths; inline `mod x { }`
//! blocks and what `super` means inside them.

use std::collections::HashMap;

type ModPath = Vec<String>;

/// One token that matters for paths; everything else is `Other`.
#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    Ident(String),
    Colons,
    Open,
    Close,
    Semi,
    Comma,
    Star,
    Other,
}

/// The file's tokens, comments, strings and character literals left out.
pub fn tokens(text: &str) -> Vec<Token> {
    let c: Vec<char> = text.chars().collect();
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let ident_char = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let (ch, next) = (c[i], at(i + 1));
        let word_start = i == 0 || !ident_char(c[i - 1]);
        if ch == '/' && next == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if let Some(end) = word_start.then(|| raw_string_end(&c, i)).flatten() {
            i = end;
        } else if ch == '"' || (ch == 'b' && next == '"' && word_start) {
            i += if ch == 'b' { 2 } else { 1 };
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if ch == '\'' || (ch == 'b' && next == '\'' && word_start) {
            i += if ch == 'b' { 1 } else { 0 };
            if at(i + 1) == '\\' {
                i += 3;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1; // a lifetime: its name follows as an identifier
            }
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            while i < c.len() && ident_char(c[i]) {
                i += 1;
            }
            out.push(Token::Ident(c[start..i].iter().collect()));
        } else {
            out.push(match ch {
                ':' if next == ':' => {
                    i += 1;
                    Token::Colons
                }
                '{' => Token::Open,
                '}' => Token::Close,
                ';' => Token::Semi,
                ',' => Token::Comma,
                '*' => Token::Star,
                _ => Token::Other,
            });
            if ch.is_whitespace() {
                out.pop();
            }
            i += 1;
        }
    }
    out
}

/// Where a raw string (`r"…"`, `r#"…"#`, `br"…"`) that starts at `i` ends.
fn raw_string_end(c: &[char], mut i: usize) -> Option<usize> {
    if c.get(i) == Some(&'b') {
        i += 1;
    }
    if c.get(i) != Some(&'r') {
        return None;
    }
    i += 1;
    let hashes = c[i..].iter().take_while(|&&ch| ch == '#').count();
    i += hashes;
    if c.get(i) != Some(&'"') {
        return None;
    }
    i += 1;
    while i < c.len() {
        if c[i] == '"'
            && c[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&ch| ch == '#')
                .count()
                == hashes
        {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
    Some(i)
}

/// What a file names: every path (absolute, from the crate's root) and each module's imports
/// (name → absolute path), including its inline modules'.
#[derive(Default)]
pub struct Found {
    pub paths: Vec<ModPath>,
    pub inline_uses: Vec<(ModPath, HashMap<String, ModPath>)>,
}

/// Reads `toks`, the tokens of the file of module `module`; `is_module` says whether a path is
/// a module of the crate (for paths relative to the current module).
pub fn read(toks: &[Token], module: &ModPath, is_module: impl Fn(&ModPath) -> bool) -> Found {
    let mut found = Found::default();
    let mut uses: HashMap<ModPath, HashMap<String, ModPath>> = HashMap::new();
    let mut stack: Vec<(ModPath, usize)> = Vec::new();
    let mut depth = 0;
    let ident = |i: usize| match toks.get(i) {
        Some(Token::Ident(s)) => Some(s.as_str()),
        _ => None,
    };
    let mut i = 0;
    while i < toks.len() {
        let current = stack.last().map_or(module, |(m, _)| m).clone();
        let resolve = |segs: &[String], uses: &HashMap<ModPath, HashMap<String, ModPath>>| {
            let first = segs.first()?.as_str();
            let mut abs = match first {
                "crate" => Vec::new(),
                "super" | "self" => current.clone(),
                _ => {
                    let mut child = current.clone();
                    child.push(first.to_string());
                    if is_module(&child) {
                        current.clone()
                    } else {
                        let imported = uses.get(&current).and_then(|u| u.get(first))?;
                        let mut abs = imported.clone();
                        abs.extend(segs[1..].iter().cloned());
                        return Some(abs);
                    }
                }
            };
            let mut rest = segs;
            if first == "crate" || first == "self" {
                rest = &segs[1..];
            }
            while rest.first().is_some_and(|s| s == "super") {
                abs.pop();
                rest = &rest[1..];
            }
            abs.extend(rest.iter().filter(|s| *s != "self" && *s != "*").cloned());
            Some(abs)
        };
        match &toks[i] {
            Token::Ident(m) if m == "mod" && toks.get(i + 2) == Some(&Token::Open) => {
                if let Some(name) = ident(i + 1) {
                    depth += 1;
                    let mut inner = current.clone();
                    inner.push(name.to_string());
                    stack.push((inner, depth));
                    i += 3;
                    continue;
                }
            }
            Token::Open => depth += 1,
            Token::Close => {
                if stack.last().is_some_and(|(_, d)| *d == depth) {
                    stack.pop();
                }
                depth -= 1;
            }
            Token::Ident(u) if u == "use" => {
                let mut trees = Vec::new();
                let mut j = use_tree(toks, i + 1, Vec::new(), &mut trees);
                while j < toks.len() && toks[j] != Token::Semi {
                    j += 1;
                }
                for (segs, alias) in trees {
                    if let Some(abs) = resolve(&segs, &uses) {
                        found.paths.push(abs.clone());
                        if alias != "*" && alias != "_" {
                            uses.entry(current.clone()).or_default().insert(alias, abs);
                        }
                    }
                }
                i = j + 1;
                continue;
            }
            Token::Ident(s)
                if matches!(s.as_str(), "crate" | "super" | "self")
                    && toks.get(i + 1) == Some(&Token::Colons)
                    && (i == 0 || toks[i - 1] != Token::Colons) =>
            {
                let mut segs = vec![s.clone()];
                let mut j = i + 1;
                while toks.get(j) == Some(&Token::Colons) {
                    let Some(next) = ident(j + 1) else { break };
                    segs.push(next.to_string());
                    j += 2;
                }
                found.paths.extend(resolve(&segs, &uses));
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found.inline_uses = uses.into_iter().collect();
    found
}

/// Expands one `use` tree starting at `i` into (path, name it is imported as); returns where it
/// ends.
fn use_tree(
    toks: &[Token],
    mut i: usize,
    mut path: Vec<String>,
    out: &mut Vec<(Vec<String>, String)>,
) -> usize {
    loop {
        match toks.get(i) {
            Some(Token::Colons) => i += 1,
            Some(Token::Star) => {
                path.push("*".into());
                out.push((path, "*".into()));
                return i + 1;
            }
            Some(Token::Open) => {
                i += 1;
                while i < toks.len() && toks[i] != Token::Close {
                    let before = i;
                    i = use_tree(toks, i, path.clone(), out);
                    if toks.get(i) == Some(&Token::Comma) {
                        i += 1;
                    }
                    if i == before {
                        i += 1;
                    }
                }
                return i + 1;
            }
            Some(Token::Ident(s)) => {
                path.push(s.clone());
                i += 1;
                if toks.get(i) == Some(&Token::Colons) {
                    i += 1;
                    continue;
                }
                let mut name = path.iter().rev().find(|s| *s != "self").cloned();
                if toks.get(i) == Some(&Token::Ident("as".into())) {
                    if let Some(Token::Ident(alias)) = toks.get(i + 1) {
                        name = Some(alias.clone());
                    }
                    i += 2;
                }
                out.push((path, name.unwrap_or_default()));
                return i;
            }
            _ => return i,
        }
    }
}
