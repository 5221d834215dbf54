//! Source-IP allow-list. The peer address is used unless it is a configured trusted proxy, in
//! which case the right-most `X-Forwarded-For` entry that is not itself a trusted proxy is the
//! client (the left part of that header is written by whoever connected first and proves
//! nothing).

use std::net::{IpAddr, SocketAddr};

use http::HeaderMap;
use ipnet::IpNet;
use popbill_model::webhook::POPBILL_SOURCE_IPS;

/// Which source addresses may deliver webhooks.
#[derive(Clone, Debug, Default)]
pub struct IpAllowList {
    allowed: Vec<IpNet>,
    trusted_proxies: Vec<IpNet>,
}

/// A CIDR or address that could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an IP address or CIDR (for example 54.180.62.221 or 10.0.0.0/8)")]
pub struct BadCidr(pub String);

/// Parses `1.2.3.4`, `1.2.3.0/24`, `::1` or `fd00::/8`.
pub fn parse_net(s: &str) -> Result<IpNet, BadCidr> {
    let s = s.trim();
    if let Ok(net) = s.parse::<IpNet>() {
        return Ok(net);
    }
    s.parse::<IpAddr>()
        .map(IpNet::from)
        .map_err(|_| BadCidr(s.to_owned()))
}

impl IpAllowList {
    /// An empty list (allows nobody until something is added; an unset list is `None` in
    /// [`crate::ReceiverConfig`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// The two addresses POPBiLL sends webhooks from.
    pub fn popbill() -> Self {
        let mut list = Self::new();
        for ip in POPBILL_SOURCE_IPS {
            if let Ok(net) = parse_net(ip) {
                list.allowed.push(net);
            }
        }
        list
    }

    /// Allows a network or address.
    pub fn allow(mut self, net: IpNet) -> Self {
        self.allowed.push(net);
        self
    }

    /// Trusts `X-Forwarded-For` from this proxy network.
    pub fn trust_proxy(mut self, net: IpNet) -> Self {
        self.trusted_proxies.push(net);
        self
    }

    fn is_proxy(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|n| n.contains(&ip))
    }

    /// The client address: the peer, or, when the peer is a trusted proxy, the right-most
    /// forwarded address that is not a trusted proxy.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.is_proxy(peer) {
            return peer;
        }
        let mut client = peer;
        let hops: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .collect();
        for hop in hops.into_iter().rev() {
            client = hop;
            if !self.is_proxy(hop) {
                break;
            }
        }
        client
    }

    /// True when the request (peer address plus headers) comes from an allowed address.
    pub fn permits(&self, peer: SocketAddr, headers: &HeaderMap) -> bool {
        let ip = canonical(self.client_ip(canonical(peer.ip()), headers));
        self.allowed.iter().any(|n| n.contains(&ip))
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn peer(ip: &str) -> SocketAddr {
        SocketAddr::new(ip.parse().expect("ip"), 40000)
    }

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_str(v).expect("h"));
        h
    }

    #[test]
    fn preset_allows_the_two_popbill_addresses_only() {
        let list = IpAllowList::popbill();
        assert!(list.permits(peer("54.180.62.221"), &HeaderMap::new()));
        assert!(list.permits(peer("13.124.72.158"), &HeaderMap::new()));
        assert!(list.permits(peer("::ffff:13.124.72.158"), &HeaderMap::new()));
        assert!(!list.permits(peer("13.124.72.159"), &HeaderMap::new()));
    }

    #[test]
    fn forwarded_for_is_ignored_from_untrusted_peers() {
        let list = IpAllowList::popbill();
        assert!(!list.permits(peer("203.0.113.9"), &xff("54.180.62.221")));
    }

    #[test]
    fn forwarded_for_is_used_from_trusted_proxies_right_to_left() {
        let list = IpAllowList::popbill()
            .trust_proxy(parse_net("10.0.0.0/8").expect("net"))
            .trust_proxy(parse_net("192.168.1.1").expect("net"));
        assert!(list.permits(peer("10.1.2.3"), &xff("54.180.62.221")));
        assert!(list.permits(peer("10.1.2.3"), &xff("54.180.62.221, 192.168.1.1")));
        // A forged left-most entry does not help when the real client is appended after it.
        assert!(!list.permits(peer("10.1.2.3"), &xff("54.180.62.221, 203.0.113.9")));
        // Trusted proxy with no header: the proxy itself is the client.
        assert!(!list.permits(peer("10.1.2.3"), &HeaderMap::new()));
    }

    #[test]
    fn cidr_parsing() {
        assert!(parse_net("10.0.0.0/8").is_ok());
        assert!(parse_net("::1").is_ok());
        assert_eq!(parse_net("10.0.0.0/33"), Err(BadCidr("10.0.0.0/33".into())));
        assert!(parse_net("nope").is_err());
    }
}
