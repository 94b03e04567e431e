//! Security schemes and per-operation requirements.

use super::names::{constant_ident, snake_join};
use super::operations::is_http_token;
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{SecurityScheme, SecuritySchemeKind};
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement};
use std::collections::BTreeMap;

/// The spec's security schemes that apiforge can apply, by name.
pub struct Schemes {
    known: BTreeMap<String, SecurityScheme>,
    used: BTreeMap<String, SecurityScheme>,
}

impl Schemes {
    /// Reads `components.securitySchemes`, warning about the ones that cannot be applied.
    pub fn new(doc: &OpenAPI, diags: &mut Diagnostics) -> Self {
        let mut known = BTreeMap::new();
        let Some(components) = &doc.components else {
            return Self {
                known,
                used: BTreeMap::new(),
            };
        };
        for (name, scheme) in &components.security_schemes {
            let pointer = child("/components/securitySchemes", name);
            let ReferenceOr::Item(scheme) = scheme else {
                diags.warn(&pointer, "a $ref security scheme is not supported; operations that need it get no credentials");
                continue;
            };
            let (kind, doc) = match scheme {
                openapiv3::SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => (
                    Some(match location {
                        APIKeyLocation::Header => SecuritySchemeKind::ApiKeyHeader(name.clone()),
                        APIKeyLocation::Query => SecuritySchemeKind::ApiKeyQuery(name.clone()),
                        APIKeyLocation::Cookie => SecuritySchemeKind::ApiKeyCookie(name.clone()),
                    }),
                    description,
                ),
                openapiv3::SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => (
                    match scheme.to_ascii_lowercase().as_str() {
                        "basic" => Some(SecuritySchemeKind::Basic),
                        "bearer" => Some(SecuritySchemeKind::Bearer),
                        _ => None,
                    },
                    description,
                ),
                openapiv3::SecurityScheme::OAuth2 { description, .. }
                | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                    (Some(SecuritySchemeKind::Bearer), description)
                }
            };
            let wire_name = match &kind {
                Some(SecuritySchemeKind::ApiKeyHeader(n) | SecuritySchemeKind::ApiKeyCookie(n)) => {
                    Some(n)
                }
                _ => None,
            };
            if let Some(n) = wire_name.filter(|n| !is_http_token(n)) {
                diags.warn(child(&pointer, "name"), format!("{n:?} is not an HTTP token, so the key cannot be sent; operations that need this scheme get no credentials"));
                continue;
            }
            match kind {
                Some(kind) => {
                    // Wanted names; the client's namespace settles them.
                    let scheme = SecurityScheme {
                        name: name.clone(),
                        setter: snake_join("with", name),
                        constant: constant_ident("SCHEME", name),
                        pointer,
                        kind,
                        doc: doc.clone(),
                    };
                    known.insert(name.clone(), scheme);
                }
                None => diags.warn(&pointer, "this HTTP authentication scheme is not supported; operations that need it get no credentials"),
            }
        }
        Self {
            known,
            used: BTreeMap::new(),
        }
    }

    /// The alternatives of an operation's requirements; an alternative naming an unknown scheme is
    /// dropped with a warning.
    pub fn requirements(
        &mut self,
        requirements: &[SecurityRequirement],
        pointer: &str,
        diags: &mut Diagnostics,
    ) -> Vec<Vec<String>> {
        let mut alternatives = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let unknown: Vec<&String> = requirement
                .keys()
                .filter(|name| !self.known.contains_key(*name))
                .collect();
            if !unknown.is_empty() {
                let names = unknown
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                diags.warn(child(pointer, &i.to_string()), format!("security requirement names undefined or unsupported scheme {names}; ignored"));
                continue;
            }
            for name in requirement.keys() {
                self.used.insert(name.clone(), self.known[name].clone());
            }
            alternatives.push(requirement.keys().cloned().collect());
        }
        // Only "no credentials" left: nothing to apply.
        if alternatives.iter().all(|a: &Vec<String>| a.is_empty()) {
            alternatives.clear();
        }
        alternatives
    }

    /// The schemes some operation uses, sorted by name.
    pub fn into_used(self) -> Vec<SecurityScheme> {
        self.used.into_values().collect()
    }
}
