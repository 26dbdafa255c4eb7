//! Which address a request comes from, and which bucket it counts in for the rate limit and
//! the connection caps. Behind a reverse proxy or a CDN the
//! TCP peer is the proxy, and the buyer's address is in `X-Forwarded-For`; but anyone can write
//! that header, so it is believed only when the peer is a proxy the operator trusts
//! (`--trusted-proxy`), and then only up to the right-most address no trusted proxy wrote.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// The bucket a client counts in, for the rate limit and the per-client connection cap: an IPv4
/// address as it is, an IPv6 address by its /64. A phone or a home network is given a whole /64
/// and may pick any address inside it, so counting single IPv6 addresses would give one buyer
/// 2^64 buckets.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !u128::from(u64::MAX))),
        v4 => v4,
    }
}

/// The client's address: the peer itself unless the peer is trusted; then, walking
/// `X-Forwarded-For` from the right (the entry the nearest proxy appended), the first address
/// that is not a trusted proxy. An entry that is not an address stops the walk at the last
/// trusted hop, so garbage never lets a client choose its own bucket.
///
/// `forwarded` holds the header's values in the order they arrived.
pub fn client_ip<'a>(
    peer: IpAddr,
    forwarded: impl IntoIterator<Item = &'a str>,
    trusted: &[IpAddr],
) -> IpAddr {
    let peer = peer.to_canonical();
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|t| t.to_canonical() == *ip);
    if !is_trusted(&peer) {
        return peer;
    }
    let entries: Vec<&str> = forwarded
        .into_iter()
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    let mut nearest = peer;
    for entry in entries.iter().rev() {
        let Some(ip) = parse_entry(entry) else {
            return nearest;
        };
        if !is_trusted(&ip) {
            return ip;
        }
        nearest = ip;
    }
    nearest
}

/// `1.2.3.4`, `2001:db8::1`, `1.2.3.4:5678` or `[2001:db8::1]:5678`.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::{client_ip, client_key};
    use std::net::IpAddr;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_forwarded_header_is_chosen_only_as_far_as_the_trusted_proxies_go() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        let cases: &[(&str, &[&str], &str)] = &[
            // An untrusted peer: its header is ignored, whatever it says.
            ("203.0.113.9", &["198.51.100.1"], "203.0.113.9"),
            ("203.0.113.9", &[], "203.0.113.9"),
            // A trusted proxy: the right-most untrusted address.
            ("10.0.0.1", &["198.51.100.1"], "198.51.100.1"),
            // The client wrote a fake address first; the proxy appended the real one.
            ("10.0.0.1", &["1.1.1.1, 198.51.100.1"], "198.51.100.1"),
            // Two trusted proxies in a row.
            ("10.0.0.1", &["198.51.100.1, 10.0.0.2"], "198.51.100.1"),
            // Several header lines count as one list, in order.
            ("10.0.0.1", &["1.1.1.1", "198.51.100.1"], "198.51.100.1"),
            // Ports and IPv6.
            ("10.0.0.1", &["198.51.100.1:4711"], "198.51.100.1"),
            ("10.0.0.1", &["[2001:db8::7]:443"], "2001:db8::7"),
            ("10.0.0.1", &["2001:db8::7"], "2001:db8::7"),
            // Nothing usable: the last trusted hop.
            ("10.0.0.1", &[], "10.0.0.1"),
            ("10.0.0.1", &["unknown"], "10.0.0.1"),
            ("10.0.0.1", &["198.51.100.1, garbage, 10.0.0.2"], "10.0.0.2"),
            ("10.0.0.1", &["10.0.0.2"], "10.0.0.2"),
            // A trusted proxy reached over IPv4-mapped IPv6.
            ("::ffff:10.0.0.1", &["198.51.100.1"], "198.51.100.1"),
        ];
        for (peer, header, expected) in cases {
            assert_eq!(
                client_ip(ip(peer), header.iter().copied(), &trusted),
                ip(expected),
                "peer {peer}, X-Forwarded-For {header:?}"
            );
        }
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["198.51.100.1"], &[]),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn an_ipv6_client_counts_by_its_64_and_an_ipv4_client_by_its_address() {
        let cases = [
            ("198.51.100.7", "198.51.100.7"),
            ("::ffff:198.51.100.7", "198.51.100.7"),
            ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),
            ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"),
            ("2001:db8:1:3::1", "2001:db8:1:3::"),
        ];
        for (address, key) in cases {
            assert_eq!(client_key(ip(address)), ip(key), "{address}");
        }
    }
}
