//! Where an order's private tracking link keeps its token. Links are made as
//! `/orders/{id}#t={token}`: a browser never sends the fragment to the server, so the token is
//! in no request log (the shop's, nginx's, a proxy's). Links made before carried it in the query
//! (`/orders/{id}?t={token}`); they still open, and the page then takes the token out of the
//! address. Pure functions on the address's parts, so they are tested without a page.

/// Where an address carries an order's token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkToken {
    /// `#t=…`: every link made now.
    Fragment(String),
    /// `?t=…`: an old link, whose request already carried the token to the server.
    Query(String),
    /// Neither (the page reloaded after its token was taken out): "My orders" may have it.
    Missing,
}

impl LinkToken {
    /// Reads the token from an address's query (`?…`, as `location.search` gives it) and
    /// fragment (`#…`, as `location.hash`); the fragment wins. Tokens are hex, made by the
    /// server, so nothing needs decoding.
    pub fn read(search: &str, hash: &str) -> Self {
        if let Some(token) = param(hash.strip_prefix('#').unwrap_or(hash)) {
            Self::Fragment(token.to_owned())
        } else if let Some(token) = param(search.strip_prefix('?').unwrap_or(search)) {
            Self::Query(token.to_owned())
        } else {
            Self::Missing
        }
    }

    /// The token, wherever the address had it.
    pub fn token(&self) -> Option<&str> {
        match self {
            Self::Fragment(t) | Self::Query(t) => Some(t),
            Self::Missing => None,
        }
    }
}

/// The `t` of `a=1&t=…`, if it has a value.
fn param(pairs: &str) -> Option<&str> {
    pairs
        .split('&')
        .find_map(|pair| pair.strip_prefix("t="))
        .filter(|token| !token.is_empty())
}

/// A query without its `t` parameters (`?lang=en&t=…` → `?lang=en`, `?t=…` → ``), the rest
/// kept in order.
pub fn without_token(search: &str) -> String {
    let rest: Vec<&str> = search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .filter(|pair| !pair.is_empty() && *pair != "t" && !pair.starts_with("t="))
        .collect();
    if rest.is_empty() {
        String::new()
    } else {
        format!("?{}", rest.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_new_link_carries_its_token_in_the_fragment() {
        let token = "0f3a9c".to_owned();
        assert_eq!(
            LinkToken::read("", "#t=0f3a9c"),
            LinkToken::Fragment(token.clone())
        );
        assert_eq!(
            LinkToken::read("?from=singlemessage", "#t=0f3a9c"),
            LinkToken::Fragment(token.clone()),
            "a chat app's own query parameters change nothing"
        );
        assert_eq!(
            LinkToken::read("?t=old", "#t=0f3a9c"),
            LinkToken::Fragment(token),
            "the fragment wins"
        );
    }

    #[wasm_bindgen_test]
    fn an_old_link_carries_its_token_in_the_query() {
        let token = LinkToken::Query("0f3a9c".into());
        assert_eq!(LinkToken::read("?t=0f3a9c", ""), token);
        assert_eq!(LinkToken::read("?lang=en&t=0f3a9c", ""), token);
        assert_eq!(LinkToken::read("?t=0f3a9c&lang=en", "#top"), token);
        assert_eq!(token.token(), Some("0f3a9c"));
    }

    #[wasm_bindgen_test]
    fn an_address_without_a_token_has_none() {
        for (search, hash) in [
            ("", ""),
            ("?lang=en", "#top"),
            ("?t=", "#t="),
            ("?at=1", "#xt=2"),
        ] {
            assert_eq!(
                LinkToken::read(search, hash),
                LinkToken::Missing,
                "{search}{hash}"
            );
        }
        assert_eq!(LinkToken::Missing.token(), None);
    }

    #[wasm_bindgen_test]
    fn taking_the_token_out_of_a_query_keeps_the_rest() {
        assert_eq!(without_token("?t=0f3a9c"), "");
        assert_eq!(without_token("?lang=en&t=0f3a9c"), "?lang=en");
        assert_eq!(without_token("?t=0f3a9c&lang=en&ref=x"), "?lang=en&ref=x");
        assert_eq!(without_token("?at=1&t"), "?at=1");
        assert_eq!(without_token(""), "");
    }
}
