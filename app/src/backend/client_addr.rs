//! Who is asking: the client's address, which behind a TLS proxy is not the
//! socket's peer. Forwarding headers are believed only when the peer is one
//! of the configured trusted proxies, and then only up to the first hop that
//! is not trusted (the right-most untrusted address), so a client cannot
//! choose its own address by sending the header itself.

use http::HeaderMap;
use std::net::IpAddr;

/// Addresses and CIDR ranges of the proxies in front of the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Parses `10.0.0.1, 10.1.0.0/16, ::1` (empty: none).
    pub fn parse(raw: &str) -> Result<TrustedProxies, String> {
        raw.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|entry| {
                let (addr, bits) = match entry.split_once('/') {
                    Some((addr, bits)) => (addr, Some(bits)),
                    None => (entry, None),
                };
                let addr: IpAddr = addr
                    .parse()
                    .map_err(|_| format!("{entry:?} is not an IP address or CIDR range"))?;
                let max = if addr.is_ipv4() { 32 } else { 128 };
                let bits = match bits {
                    Some(bits) => bits
                        .parse::<u8>()
                        .ok()
                        .filter(|b| *b <= max)
                        .ok_or_else(|| format!("{entry:?} has an invalid prefix length"))?,
                    None => max,
                };
                Ok((addr, bits))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, addr: IpAddr) -> bool {
        let addr = canonical(addr);
        self.0
            .iter()
            .any(|(net, bits)| same_prefix(canonical(*net), addr, *bits))
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) as the IPv4 address they are.
fn canonical(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

fn same_prefix(a: IpAddr, b: IpAddr, bits: u8) -> bool {
    let (a, b, width) = match (a, b) {
        (IpAddr::V4(a), IpAddr::V4(b)) => (u32::from(a) as u128, u32::from(b) as u128, 32),
        (IpAddr::V6(a), IpAddr::V6(b)) => (u128::from(a), u128::from(b), 128),
        _ => return false,
    };
    let shift = width - u32::from(bits);
    bits == 0 || (a >> shift) == (b >> shift)
}

/// The hops a request passed, nearest last, from `X-Forwarded-For` or else `Forwarded`.
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let joined = |name: &str| {
        let values: Vec<&str> = headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    };
    if let Some(xff) = joined("x-forwarded-for") {
        return xff.split(',').map(|hop| parse_hop(hop.trim())).collect();
    }
    let Some(forwarded) = joined("forwarded") else {
        return Vec::new();
    };
    forwarded
        .split(',')
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| parse_hop(value.trim()))
            })
        })
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `"[2001:db8::1]:4711"`, `2001:db8::1`.
fn parse_hop(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim_matches('"');
    if let Ok(addr) = raw.parse() {
        return Some(addr);
    }
    if let Some(rest) = raw.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    raw.rsplit_once(':')?.0.parse().ok()
}

/// The client's address: the socket peer, unless the peer is a trusted
/// proxy; then the right-most forwarded hop that is not itself trusted.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let peer = canonical(peer);
    if !trusted.contains(peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_chain(headers).into_iter().rev() {
        match hop.map(canonical) {
            Some(addr) if trusted.contains(addr) => client = addr,
            Some(addr) => return addr,
            // A hop we cannot read: believe nothing further left of it.
            None => return client,
        }
    }
    client
}

/// The key rate limits count by: the address, or for IPv6 its /64 (one
/// subscriber usually holds a whole /64, so single addresses are free to make).
pub fn rate_limit_key(addr: IpAddr) -> String {
    match canonical(addr) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", std::net::Ipv6Addr::from(prefix))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_socket_address_is_the_client() {
        let forged = headers(&[("x-forwarded-for", "203.0.113.9")]);
        let none = TrustedProxies::default();
        assert_eq!(
            client_address(ip("198.51.100.7"), &forged, &none),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        let trusted = TrustedProxies::parse("10.0.0.0/8, 192.168.1.1").unwrap();
        // The client forged the left-most entry; the proxy appended the real one.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.0.0.5")]);
        assert_eq!(
            client_address(ip("192.168.1.1"), &h, &trusted),
            ip("203.0.113.9")
        );
        // An untrusted peer's header is ignored.
        assert_eq!(
            client_address(ip("198.51.100.7"), &h, &trusted),
            ip("198.51.100.7")
        );
        // Several header lines count as one list.
        let split = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("x-forwarded-for", "10.0.0.5"),
        ]);
        assert_eq!(
            client_address(ip("10.1.1.1"), &split, &trusted),
            ip("203.0.113.9")
        );
        // No header: the proxy itself.
        assert_eq!(
            client_address(ip("10.1.1.1"), &HeaderMap::new(), &trusted),
            ip("10.1.1.1")
        );
        // Garbage stops the walk at the last trusted hop.
        let bad = headers(&[("x-forwarded-for", "203.0.113.9, nonsense")]);
        assert_eq!(
            client_address(ip("10.1.1.1"), &bad, &trusted),
            ip("10.1.1.1")
        );
    }

    #[test]
    fn the_standard_forwarded_header_is_read_too() {
        let trusted = TrustedProxies::parse("::1").unwrap();
        let h = headers(&[(
            "forwarded",
            "for=198.51.100.2;proto=https, for=\"[2001:db8:cafe::17]:4711\"",
        )]);
        assert_eq!(
            client_address(ip("::1"), &h, &trusted),
            ip("2001:db8:cafe::17")
        );
    }

    #[test]
    fn proxy_lists_are_validated() {
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.internal").is_err());
        let mapped = TrustedProxies::parse("127.0.0.1").unwrap();
        assert!(mapped.contains(ip("::ffff:127.0.0.1")));
    }

    #[test]
    fn ipv6_clients_share_a_bucket_per_64() {
        assert_eq!(
            rate_limit_key(ip("2001:db8:1:2:aaaa::1")),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            rate_limit_key(ip("2001:db8:1:2:bbbb::9")),
            rate_limit_key(ip("2001:db8:1:2:aaaa::1"))
        );
        assert_eq!(rate_limit_key(ip("203.0.113.9")), "203.0.113.9");
    }
}
