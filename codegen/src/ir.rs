//! The checked intermediate representation between `resolve` and `emit`.
//!
//! Everything here is decided: Rust names are unique and valid, types are deduplicated, recursion is
//! boxed, and each operation knows how every parameter, body and response travels on the wire.
//! `emit` is a pure function of this model and never looks back at the spec.
//!
//! Every Rust name the emitted code declares or refers to is in here, decided by `resolve`:
//! identifiers are valid, ASCII and clippy-clean, and unique in their namespace (types; the
//! client's methods, setters and constants; each operation's parameters and locals). Names stored
//! with an `r#` prefix are raw identifiers. Emitted code refers to prelude items (`Option`,
//! `Result`, `From`, ...) by names that type names may not take, and to everything else by paths
//! rooted at a crate.

/// A whole API, ready to emit.
#[derive(Clone, Debug, Default)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server URL, if the spec names one.
    pub default_base_url: Option<String>,
    /// Named types, sorted by name (stable output when the spec changes).
    pub types: Vec<TypeDef>,
    /// Schemas that describe a shape but became `serde_json::Value` (each has a warning).
    pub fallbacks: usize,
    /// Operations, sorted by method name.
    pub operations: Vec<Operation>,
    /// Security schemes that at least one operation uses, sorted by name.
    pub security_schemes: Vec<SecurityScheme>,
    /// Names of the client struct and its generic parameter.
    pub client: ClientNames,
    /// Names of the builder call form and of body constructors.
    pub call_form: CallForm,
}

/// The names the client struct itself uses.
#[derive(Clone, Debug, Default)]
pub struct ClientNames {
    /// The client struct (from the settings; no type takes it).
    pub name: String,
    /// The client's transport type parameter (`T`, unless a type took that name).
    pub transport_param: String,
}

/// Names of the upgrade-stable call form (`client.call().operation(required..).optional(x).send()`),
/// of the plain functions that build requests and decode responses, and of body constructors.
#[derive(Clone, Debug, Default)]
pub struct CallForm {
    /// The module that holds the builders and the accessor type (`calls`).
    pub module: String,
    /// The client method that starts a builder call (`call`).
    pub accessor: String,
    /// The type that method returns, in [`CallForm::module`] (`Calls`).
    pub accessor_type: String,
    /// The module of request-building functions, one per [`Call`] named by its method (`requests`).
    pub requests_module: String,
    /// The module of response-decoding functions, one per operation (`responses`).
    pub responses_module: String,
    /// The module of the blocking client, which has the client's name and methods (`blocking`).
    pub blocking_module: String,
    /// Per operation, at the same index as [`Api::operations`].
    pub operations: Vec<OperationCallNames>,
    /// Per type, at the same index as [`Api::types`].
    pub constructors: Vec<Constructors>,
}

/// The builder of one operation.
#[derive(Clone, Debug, Default)]
pub struct OperationCallNames {
    /// The builder type in [`CallForm::module`] (UpperCamelCase).
    pub builder: String,
    /// The response-decoding function in [`CallForm::responses_module`].
    pub response_fn: String,
    /// Per parameter (same index as [`Operation::params`]): the setter of an optional one.
    pub setters: Vec<Option<String>>,
    /// Per call (same index as [`Operation::calls`]): the setter that gives the body in that
    /// call's media type (`body` for the first).
    pub body_setters: Vec<String>,
}

/// Constructors of a named type.
#[derive(Clone, Debug, Default)]
pub enum Constructors {
    /// None (enums, aliases).
    #[default]
    None,
    /// A struct's constructor taking its required fields (`new`).
    Struct(String),
    /// Per union variant (same index as [`Union::variants`]): the constructor of a variant whose
    /// type is a struct, taking that struct's required fields and filling in its tag.
    Union(Vec<Option<String>>),
}

/// Index of a [`TypeDef`] in [`Api::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A Rust type expression, as it appears in a field, parameter or response.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TypeRef {
    /// A generated type.
    Named(TypeId),
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// A fixed-width integer.
    Integer(IntegerKind),
    /// `f32` or `f64`.
    Float(FloatKind),
    /// The runtime's `DateTime` (`format: date-time`): a chrono `DateTime<FixedOffset>` that keeps the
    /// offset and encodes back to the exact text it was decoded from (fraction digits included).
    DateTime,
    /// `chrono::NaiveDate` (`format: date`).
    Date,
    /// `uuid::Uuid` (`format: uuid`, and the non-standard `uuid4`).
    Uuid,
    /// Raw bytes (`format: binary`, octet-stream bodies).
    Bytes,
    /// Free-form JSON: `serde_json::Value`.
    Json,
    /// No value: `()`.
    Unit,
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// A string-keyed map, `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>`, for nullable array items and map values (fields carry their own [`Presence`]).
    Option(Box<TypeRef>),
    /// `Box<T>`, used where a field would otherwise make a type infinitely large.
    Boxed(Box<TypeRef>),
}

impl TypeRef {
    /// The generated type this is, held directly or in a `Box`.
    pub fn named_or_boxed(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Boxed(inner) => match **inner {
                TypeRef::Named(id) => Some(id),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Width and signedness of an integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IntegerKind {
    /// `i32` (`format: int32`).
    I32,
    /// `i64` (no format, or `int64`).
    I64,
    /// `u32` (`format: uint32`).
    U32,
    /// `u64` (`format: uint64`).
    U64,
}

/// Width of a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FloatKind {
    /// `f32` (`format: float`).
    F32,
    /// `f64`.
    F64,
}

/// A named type to emit.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Rust identifier, unique in the API.
    pub name: String,
    /// Where the schema is in the spec.
    pub pointer: String,
    /// Doc text from the schema's title and description.
    pub doc: Option<String>,
    /// The shape.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string or integer enum; unknown values are kept in an `Other` variant.
    Enum(Enum),
    /// `oneOf`/`anyOf`: one of several types, optionally chosen by a discriminator.
    Union(Union),
    /// A name for another type expression (`pub type X = Vec<Y>;`).
    Alias(TypeRef),
}

/// An object type.
#[derive(Clone, Debug)]
pub struct Struct {
    /// Declared properties, in spec order.
    pub fields: Vec<Field>,
    /// The map for undeclared properties: when `additionalProperties` is `true` or a schema, and when
    /// it is absent (OpenAPI allows them then) unless the settings drop unknown fields. Absent for
    /// `additionalProperties: false`. Decoding fills it with every key not declared, encoding writes
    /// them back, so nothing is lost.
    pub additional: Option<ExtraFields>,
    /// Rust identifier of the marker that remembers which [`Field::null_as_empty`] fields arrived
    /// as `null`, so that encoding writes `null` back; present when the struct has such fields
    /// and decodes with its own visitor (not through flattened members).
    pub null_marker: Option<String>,
}

/// The flattened map that keeps a struct's undeclared properties.
#[derive(Clone, Debug)]
pub struct ExtraFields {
    /// Rust identifier of the map field (`additional_properties` unless a property took it).
    pub name: String,
    /// Type of each undeclared property's value.
    pub ty: TypeRef,
}

/// One property of a struct.
#[derive(Clone, Debug)]
pub struct Field {
    /// Rust identifier (snake_case, raw or suffixed if a keyword).
    pub name: String,
    /// Property name on the wire.
    pub wire_name: String,
    /// The value type, without the `Option` that [`Presence`] adds.
    pub ty: TypeRef,
    /// Whether the property may be absent or null.
    pub presence: Presence,
    /// Doc text.
    pub doc: Option<String>,
    /// Whether `null` decodes as an empty list or map: a list or map the spec does not mark
    /// nullable (Go servers write empty ones as `null`), unless the settings ask for strict nulls.
    pub null_as_empty: bool,
}

/// How a property may be missing, which fixes its Rust type and serde attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Presence {
    /// Required, not nullable: `T`.
    Required,
    /// Required but nullable: `Option<T>`, `null` written back.
    RequiredNullable,
    /// Optional: `Option<T>`, skipped when `None`.
    Optional,
    /// Optional and nullable: `Option<Option<T>>`, so absent and `null` round-trip apart.
    OptionalNullable,
    /// Not a property: a `oneOf`/`anyOf` beside the properties (or an allOf member that is one),
    /// whose fields sit beside the declared ones (`#[serde(flatten)]`). `wire_name` is unused.
    Flatten,
}

/// A closed set of known values plus a fallback for values the spec does not list.
#[derive(Clone, Debug)]
pub struct Enum {
    /// Variants for the known values, in spec order.
    pub variants: Vec<EnumVariant>,
    /// Whether values are strings or integers on the wire.
    pub repr: EnumRepr,
}

/// Wire representation of an enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EnumRepr {
    /// JSON strings.
    String,
    /// JSON integers.
    Integer,
}

/// One known enum value.
#[derive(Clone, Debug)]
pub struct EnumVariant {
    /// Rust identifier (UpperCamelCase, unique).
    pub name: String,
    /// The value on the wire (a string, or an integer in decimal).
    pub value: String,
}

/// `oneOf`/`anyOf`.
#[derive(Clone, Debug)]
pub struct Union {
    /// The alternatives, in spec order.
    pub variants: Vec<UnionVariant>,
    /// Present when the union names a discriminator property; variants are then chosen by it.
    pub discriminator: Option<Discriminator>,
}

/// One alternative of a union.
#[derive(Clone, Debug)]
pub struct UnionVariant {
    /// Rust identifier (UpperCamelCase, unique in the union).
    pub name: String,
    /// The alternative's type.
    pub ty: TypeRef,
    /// Discriminator values that select this variant (empty for untagged unions).
    pub tags: Vec<String>,
}

/// How a discriminated union picks its variant.
#[derive(Clone, Debug)]
pub struct Discriminator {
    /// The property that holds the tag.
    pub property: String,
}

/// One API operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// `operationId`, or the synthesized id when the spec has none.
    pub id: String,
    /// Where the operation is in the spec.
    pub pointer: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// Path template (`/admin/identities/{id}`), without any query or fragment the spec's path key
    /// carried.
    pub path: String,
    /// Query pairs fixed by the spec's path key (`/responses?beta=true`).
    pub fixed_query: Vec<(String, String)>,
    /// The `Accept` header: every documented response media type, JSON first.
    pub accept: Option<String>,
    /// Summary and description.
    pub doc: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Parameters in signature order (spec order; the body comes after them).
    pub params: Vec<Parameter>,
    /// The request body parameter, if any.
    pub body: Option<BodyParam>,
    /// One generated method per request media type; the first is the primary one.
    pub calls: Vec<Call>,
    /// Documented responses.
    pub responses: Responses,
    /// Security alternatives: any one inner list, all schemes of which apply (names of
    /// [`SecurityScheme::name`]). Empty: no credentials.
    pub security: Vec<Vec<String>>,
    /// Names of the locals the generated method bodies declare, distinct from every parameter.
    pub locals: Locals,
    /// Methods of the async client that hand over the success body as it arrives (with the
    /// arguments of the first call): server-sent events, downloads. Empty for most operations.
    pub streams: Vec<StreamMethod>,
    /// The walk over every page, for a list whose success response declares a `Link` header or
    /// that the `x-apiforge-pagination` extension describes.
    pub pagination: Option<Pagination>,
}

/// A generated method that returns the success body as a stream (async client, over a
/// `StreamingTransport`).
#[derive(Clone, Debug)]
pub struct StreamMethod {
    /// Method name (`<method>_events`, `<method>_stream`). Unique among the client's items.
    pub name: String,
    /// The `Accept` header it sends: the media types it streams.
    pub accept: String,
    /// The success statuses whose body streams; any other status is decoded whole.
    pub statuses: Vec<StatusMatch>,
    /// What the stream yields.
    pub body: StreamBody,
}

/// What a [`StreamMethod`]'s stream yields.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamBody {
    /// The body's chunks (`application/octet-stream`, `format: binary`, other non-JSON media).
    Bytes,
    /// `text/event-stream` events whose data is text (no schema, or a string schema).
    TextEvents,
    /// `text/event-stream` events whose data is JSON of this type (the media type's schema).
    JsonEvents(TypeRef),
}

/// How a paginated list operation's pages are walked.
#[derive(Clone, Debug)]
pub struct Pagination {
    /// The method of both clients that yields every item of every page (`<method>_all`), unique
    /// among the client's items.
    pub method_name: String,
    /// The field of the success body that holds a page's items; `None` when the body is the list.
    pub items: Option<PageField>,
    /// The type of one item.
    pub item_ty: TypeRef,
    /// How the next page is found.
    pub next: NextPage,
}

/// A field of the success body that pagination reads.
#[derive(Clone, Debug)]
pub struct PageField {
    /// Rust identifier of the field.
    pub name: String,
    /// How the field may be missing.
    pub presence: Presence,
}

/// How the next page of a list is found.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum NextPage {
    /// The `Link` header's `rel="next"` target.
    Link,
    /// A cursor from a body field, sent in a query parameter.
    Cursor {
        /// The query parameter's name on the wire.
        param: String,
        /// The field holding the next cursor (a string or an integer).
        field: PageField,
    },
    /// Page numbers in a query parameter, from `first`, until a page is empty.
    Page {
        /// The query parameter's name on the wire.
        param: String,
        /// The first page's number.
        first: i64,
    },
}

/// Locals and fixed parameters of an operation's generated functions, beside its parameters. A
/// parameter keeps its name; a local that a parameter would shadow or meet is renamed
/// (`request` → `request2`).
#[derive(Clone, Debug)]
pub struct Locals {
    /// The request being built.
    pub request: String,
    /// The response received (the parameter of the response-decoding function).
    pub response: String,
    /// The client configuration a request-building function takes first.
    pub config: String,
}

/// A generated method for one request media type.
#[derive(Clone, Debug)]
pub struct Call {
    /// Method name (snake_case); the first call of an operation has the operation's name, the
    /// others a media-type suffix (`_form`, `_multipart`, ...). Unique among the client's items.
    pub method_name: String,
    /// Name of the form that also returns status and headers (`<method_name>_with_response`, or
    /// a numbered variant when another item holds that name). Unique among the client's items.
    pub with_response_name: String,
    /// How the body is sent (`None` when the operation has no body).
    pub body: Option<BodyContent>,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParamLocation {
    /// Substituted into the path template, percent-encoded.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie in the `Cookie` header.
    Cookie,
}

/// How a parameter value is serialized (OpenAPI `style` and `explode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParamStyle {
    /// `simple`: comma-separated (path and header default).
    Simple,
    /// `form`, with `explode` (query and cookie default).
    Form {
        /// Repeat the name for each item (`a=1&a=2`) instead of `a=1,2`.
        explode: bool,
    },
    /// `spaceDelimited` arrays.
    SpaceDelimited,
    /// `pipeDelimited` arrays.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
}

/// One path, query, header or cookie parameter.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// Rust identifier.
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Location.
    pub location: ParamLocation,
    /// Serialization style.
    pub style: ParamStyle,
    /// The value type (without the `Option` of optional parameters).
    pub ty: TypeRef,
    /// Whether the caller must pass it.
    pub required: bool,
    /// Doc text.
    pub doc: Option<String>,
    /// JSON pointer of its declaration in the spec.
    pub pointer: String,
}

/// The request body as a parameter of the generated methods.
#[derive(Clone, Debug)]
pub struct BodyParam {
    /// Rust identifier of the parameter.
    pub name: String,
    /// Whether the body must be sent (`requestBody.required`).
    pub required: bool,
    /// Doc text.
    pub doc: Option<String>,
}

/// A body in one media type.
#[derive(Clone, Debug)]
pub struct BodyContent {
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    /// How the value is encoded.
    pub encoding: BodyEncoding,
    /// The value type.
    pub ty: TypeRef,
}

/// Body encodings the runtime knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyEncoding {
    /// `application/json` and `*/*+json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`: the value is a string.
    Text,
    /// Anything else: raw bytes.
    Bytes,
}

/// Which statuses a response case matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class such as `2XX` (the digit).
    Range(u16),
    /// `default`: anything not otherwise documented.
    Default,
}

/// How a response body is decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseBody {
    /// No body is documented (or it is ignored).
    Empty,
    /// JSON, decoded into the type.
    Json(TypeRef),
    /// `text/*`, as a `String`.
    Text,
    /// Anything else, as bytes.
    Bytes,
}

impl ResponseBody {
    /// The Rust type a caller receives.
    pub fn type_ref(&self) -> TypeRef {
        match self {
            ResponseBody::Empty => TypeRef::Unit,
            ResponseBody::Json(t) => t.clone(),
            ResponseBody::Text => TypeRef::String,
            ResponseBody::Bytes => TypeRef::Bytes,
        }
    }
}

/// One documented response.
#[derive(Clone, Debug)]
pub struct ResponseCase {
    /// Statuses it covers.
    pub status: StatusMatch,
    /// Variant name in the operation's enum (`BadRequest`, `Status499`, `Default`).
    pub variant: String,
    /// Body decoding.
    pub body: ResponseBody,
    /// The response description.
    pub doc: Option<String>,
    /// The headers the response declares, as a typed struct (`None` when it declares none).
    pub headers: Option<HeaderStruct>,
}

/// The typed headers of one response: a struct implementing the runtime's `FromHeaders`, read
/// from the response with `ResponseValue::typed_headers`.
#[derive(Clone, Debug)]
pub struct HeaderStruct {
    /// Rust identifier of the struct (`<Operation><Variant>Headers`), unique among the types.
    pub name: String,
    /// Where the response's `headers` are in the spec.
    pub pointer: String,
    /// One field per declared header, in spec order.
    pub fields: Vec<HeaderField>,
}

/// One declared response header.
#[derive(Clone, Debug)]
pub struct HeaderField {
    /// Rust identifier (snake_case from the header name), unique in the struct.
    pub name: String,
    /// The header name, lower-case.
    pub wire_name: String,
    /// Where the header is declared in the spec.
    pub pointer: String,
    /// The value type: a scalar, an enum, or a `Vec` of them read as a comma-separated list.
    pub ty: TypeRef,
    /// How the header is read, which fixes the field's Rust type.
    pub read: HeaderRead,
    /// Doc text.
    pub doc: Option<String>,
}

/// How a declared header is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderRead {
    /// Required: `T`; its absence is an error.
    Required,
    /// Optional: `Option<T>`.
    Optional,
    /// Every occurrence as its own string, `Vec<String>` (`Set-Cookie`, whose values hold commas
    /// and cannot be combined).
    Every,
}

/// How an operation's responses map onto `Result<T, Error<E>>`.
#[derive(Clone, Debug)]
pub struct Responses {
    /// The cases that produce `Ok` (the main success type: all 2xx of one type, or 3xx when there is
    /// no 2xx, or `default` when nothing else is documented).
    pub success: Vec<ResponseCase>,
    /// When success cases carry different types: the name of the enum that holds them.
    pub success_enum: Option<String>,
    /// Name of the operation's error enum.
    pub error_enum: String,
    /// Every other documented response, each a variant of the error enum.
    pub errors: Vec<ResponseCase>,
}

/// A security scheme some operation uses.
#[derive(Clone, Debug)]
pub struct SecurityScheme {
    /// Key in `components.securitySchemes`.
    pub name: String,
    /// Where the scheme is in the spec.
    pub pointer: String,
    /// The credential setter on the client (`with_<scheme>`), unique among the client's items.
    pub setter: String,
    /// The associated constant that describes the scheme (`SCHEME_<SCHEME>`), unique among the
    /// client's items.
    pub constant: String,
    /// How credentials travel.
    pub kind: SecuritySchemeKind,
    /// Doc text.
    pub doc: Option<String>,
}

/// How a scheme's credential is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecuritySchemeKind {
    /// An API key in a header.
    ApiKeyHeader(String),
    /// An API key in the query string.
    ApiKeyQuery(String),
    /// An API key in a cookie.
    ApiKeyCookie(String),
    /// HTTP basic authentication.
    Basic,
    /// A bearer token (http bearer, oauth2, openIdConnect).
    Bearer,
}
