//! URL building: path segments, query strings and the deployment's base path.

/// Percent-encodes everything but RFC 3986 unreserved characters (for path segments and
/// query values).
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` (query values).
pub fn dec(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Some(v) = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `k=v&k2=v2` with values encoded; empty values are left out.
pub fn query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A path with a query of the non-empty pairs (no `?` when there are none).
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let q = query(pairs);
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{q}")
    }
}

/// Parses `a=1&b=2` (a leading `?` is fine) into pairs.
pub fn parse_query(q: &str) -> Vec<(String, String)> {
    q.trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (dec(k), dec(v)),
            None => (dec(p), String::new()),
        })
        .collect()
}

/// Normalises a base path to `/x/y` without a trailing slash (`""` for the root).
pub fn base_path(base: &str) -> String {
    let path = match base.find("://") {
        Some(i) => base[i + 3..]
            .find('/')
            .map(|j| &base[i + 3 + j..])
            .unwrap_or("/"),
        None => base,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else if trimmed.starts_with('/') {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    }
}

/// An in-app link: the base path plus a route that starts with `/`.
pub fn href(base: &str, route: &str) -> String {
    let b = base_path(base);
    if route.is_empty() || route == "/" {
        format!("{b}/")
    } else if route.starts_with('/') {
        format!("{b}{route}")
    } else {
        format!("{b}/{route}")
    }
}

/// What about a link makes the browser follow it itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LinkTraits {
    /// It names a target (`target="_blank"`, a frame).
    pub target: bool,
    /// It is a download.
    pub download: bool,
    /// `rel="external"`.
    pub external: bool,
}

/// Where a click on a link (its whole `href`) goes inside the page, as `path?query#fragment`; or
/// `None` when the browser follows it itself: another origin, outside the deployment's base
/// path, a target, a download or an external link.
pub fn in_page_link(href: &str, origin: &str, base: &str, t: LinkTraits) -> Option<String> {
    if t.target || t.download || t.external || origin.is_empty() {
        return None;
    }
    let rest = href.strip_prefix(origin)?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    let rest = if rest.is_empty() { "/" } else { rest }.to_string();
    let path = rest.split(['?', '#']).next().unwrap_or("");
    let b = base_path(base);
    let under = b.is_empty() || path == b || path.starts_with(&format!("{b}/"));
    under.then_some(rest)
}

/// A location path relative to the deployment's base, starting with `/` (the path itself when it
/// is not under the base).
pub fn route_under(base: &str, path: &str) -> String {
    let b = base_path(base);
    let rel = match path.strip_prefix(b.as_str()) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => path,
    };
    if rel.starts_with('/') {
        rel.to_string()
    } else {
        format!("/{rel}")
    }
}

/// Joins an API root (absolute URL or path, with or without trailing slash) and a path.
pub fn api_url(root: &str, path: &str) -> String {
    format!(
        "{}/{}",
        root.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// Adds `key=value` to a URL that may already have a query.
pub fn with_param(url: &str, key: &str, value: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{key}={}", enc(value))
}

/// A query string (`?a=1&b=2`, the leading `?` optional) without the given keys, re-encoded;
/// `""` when nothing is left.
pub fn without_keys(search: &str, drop: &[String]) -> String {
    let kept: Vec<(String, String)> = parse_query(search)
        .into_iter()
        .filter(|(k, _)| !drop.contains(k))
        .collect();
    if kept.is_empty() {
        return String::new();
    }
    let q = kept
        .iter()
        .map(|(k, v)| {
            if v.is_empty() {
                enc(k)
            } else {
                format!("{}={}", enc(k), enc(v))
            }
        })
        .collect::<Vec<_>>()
        .join("&");
    format!("?{q}")
}

/// Why an API base setting is unusable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseError {
    /// Neither a path starting with `/` nor an `http(s)://` URL.
    NotAUrl,
    /// Carries a query or fragment, which would break every request path.
    HasQuery,
}

/// Checks an API base: empty (the console's own base), a path such as `/` or `/zadig/`, or an
/// absolute `http(s)://` URL.
pub fn check_api_base(s: &str) -> Result<(), BaseError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(());
    }
    let ok_start = (s.starts_with('/') && !s.starts_with("//"))
        || ["http://", "https://"].iter().any(|p| {
            s.len() > p.len() && s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p))
        });
    if !ok_start || s.contains(char::is_whitespace) {
        return Err(BaseError::NotAUrl);
    }
    if s.contains('?') || s.contains('#') {
        return Err(BaseError::HasQuery);
    }
    Ok(())
}

/// An href for a link found in untrusted text: the whole URL, only when it is http(s) and holds
/// no space, control character or quote.
pub fn safe_href(url: &str) -> Option<&str> {
    let has = |p: &str| {
        url.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    let rest = if has("https://") {
        &url[8..]
    } else if has("http://") {
        &url[7..]
    } else {
        return None;
    };
    let clean = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`'));
    (clean && !rest.is_empty()).then_some(url)
}

/// A `return` target that stays in this console: a path starting with one `/`, with no
/// backslash or control character (browsers read `/\\host` as `//host`, another origin).
pub fn safe_return(r: &str) -> Option<&str> {
    let ok = r.starts_with('/')
        && !r[1..].starts_with(['/', '\\'])
        && !r.contains('\\')
        && !r.chars().any(char::is_control);
    ok.then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_of_the_console_stay_in_the_page_and_others_are_the_browsers() {
        let o = "https://ci.example.com";
        let plain = LinkTraits::default();
        let at = |href: &str, base: &str| in_page_link(href, o, base, plain);
        assert_eq!(
            at("https://ci.example.com/projects/demo?tab=all#x", ""),
            Some("/projects/demo?tab=all#x".into())
        );
        assert_eq!(at("https://ci.example.com", ""), Some("/".into()));
        assert_eq!(
            at("https://ci.example.com/console/", "/console"),
            Some("/console/".into())
        );
        assert_eq!(
            at(
                "https://ci.example.com/console",
                "https://ci.example.com/console/"
            ),
            Some("/console".into())
        );
        assert_eq!(
            at("https://ci.example.com/console/settings", "/console"),
            Some("/console/settings".into())
        );
        // Outside the base path, another origin (or one that only starts the same), other schemes.
        assert_eq!(at("https://ci.example.com/consoles/x", "/console"), None);
        assert_eq!(at("https://ci.example.com/api/x", "/console"), None);
        assert_eq!(at("https://ci.example.com.evil.test/projects", ""), None);
        assert_eq!(at("https://ci.example.com:8443/projects", ""), None);
        assert_eq!(at("http://ci.example.com/projects", ""), None);
        assert_eq!(at("mailto:a@b", ""), None);
        assert_eq!(at("", ""), None);
        // What the browser handles itself.
        for t in [
            LinkTraits {
                target: true,
                ..plain
            },
            LinkTraits {
                download: true,
                ..plain
            },
            LinkTraits {
                external: true,
                ..plain
            },
        ] {
            assert_eq!(
                in_page_link("https://ci.example.com/projects", o, "", t),
                None
            );
        }
        assert_eq!(in_page_link("/projects", "", "", plain), None);
    }

    #[test]
    fn routes_are_relative_to_the_base() {
        assert_eq!(
            route_under("/console/", "/console/projects/a"),
            "/projects/a"
        );
        assert_eq!(route_under("http://h/console/", "/console"), "/");
        assert_eq!(route_under("/", "/settings"), "/settings");
        assert_eq!(route_under("/console/", "/consoleX/a"), "/consoleX/a");
        assert_eq!(route_under("/console/", "elsewhere"), "/elsewhere");
    }

    #[test]
    fn full_width_and_odd_api_bases_never_panic() {
        assert_eq!(
            check_api_base("https：//zadig.example.com"),
            Err(BaseError::NotAUrl)
        );
        assert_eq!(check_api_base("http：//x"), Err(BaseError::NotAUrl));
        assert_eq!(check_api_base("中文"), Err(BaseError::NotAUrl));
        assert_eq!(check_api_base("htt中"), Err(BaseError::NotAUrl));
    }

    #[test]
    fn hrefs_only_for_whole_http_urls() {
        assert_eq!(
            safe_href("https://ci.example.com/x"),
            Some("https://ci.example.com/x")
        );
        assert_eq!(safe_href("HTTP://h/p"), Some("HTTP://h/p"));
        assert_eq!(safe_href("http://x"), Some("http://x"));
        for bad in [
            "javascript:alert(1)",
            "https://",
            "http://a b",
            "data:text/html,x",
            "https://x/\u{1b}",
            "ht",
            "http://x\"y",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn secrets_leave_the_query() {
        let keys = vec!["p.deploy_token".to_string()];
        assert_eq!(
            without_keys("?p.branch=main&p.deploy_token=s3cr3t", &keys),
            "?p.branch=main"
        );
        assert_eq!(without_keys("p.deploy_token=x", &keys), "");
        assert_eq!(
            without_keys("?a=x%20y&p.deploy_token=1&b", &keys),
            "?a=x%20y&b"
        );
    }

    #[test]
    fn return_targets_stay_in_the_console() {
        assert_eq!(
            safe_return("/projects/demo?x=1"),
            Some("/projects/demo?x=1")
        );
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/a\\b",
            "https://evil",
            "evil",
            "",
            "/\tx",
        ] {
            assert_eq!(safe_return(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn encodes_segments_and_queries() {
        assert_eq!(enc("job-0-0-0-build"), "job-0-0-0-build");
        assert_eq!(enc("a b/c?d&é"), "a%20b%2Fc%3Fd%26%C3%A9");
        assert_eq!(dec("a%20b+c%C3%A9"), "a b cé");
        assert_eq!(dec("100%é"), "100%é");
        assert_eq!(
            query(&[("projectKey", "demo"), ("viewName", ""), ("q", "a&b")]),
            "projectKey=demo&q=a%26b"
        );
        assert_eq!(
            parse_query("?a=1&b=x%20y&c"),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "x y".into()),
                ("c".into(), String::new())
            ]
        );
    }

    #[test]
    fn api_base_checks() {
        for ok in [
            "",
            "/",
            "/zadig/",
            "http://h:8080",
            "HTTPS://zadig.example.com/",
        ] {
            assert_eq!(check_api_base(ok), Ok(()), "{ok}");
        }
        for bad in ["zadig.example.com", "//evil", "ftp://x", "http://", "/a b"] {
            assert_eq!(check_api_base(bad), Err(BaseError::NotAUrl), "{bad}");
        }
        assert_eq!(check_api_base("/x?y=1"), Err(BaseError::HasQuery));
    }

    #[test]
    fn base_paths_and_links() {
        assert_eq!(base_path("/"), "");
        assert_eq!(base_path("http://h:8080/"), "");
        assert_eq!(base_path("https://h/console/"), "/console");
        assert_eq!(base_path("/a/b/"), "/a/b");
        assert_eq!(
            href("/console/", "/projects/demo"),
            "/console/projects/demo"
        );
        assert_eq!(href("/", "/settings"), "/settings");
        assert_eq!(href("/x", "/"), "/x/");
        assert_eq!(
            api_url("http://h/console/", "/openapi/workflows"),
            "http://h/console/openapi/workflows"
        );
        assert_eq!(with_param("/a?b=1", "token", "t.k"), "/a?b=1&token=t.k");
        assert_eq!(with_param("/a", "token", "x y"), "/a?token=x%20y");
    }
}
