// Version, health, the WebAuthn script, identity schemas and stored errors.

impl Suite {
    /// Version, health probes and the WebAuthn script; `getVersion` also checks a response header.
    fn metadata(&mut self) {
        self.each("getVersion", |c, _| async move {
            success_with_header(
                c.get_version_with_response().await,
                200,
                "content-type",
                "application/json",
            )
        });
        self.each("getWebAuthnJavaScript", |c, _| async move {
            success(c.get_web_authn_java_script_with_response().await, 200)
        });
        self.each("isAlive", |c, _| async move {
            success(c.is_alive_with_response().await, 200)
        });
        statuses!(self, "isAlive", |c| c.is_alive_with_response(), {
            500 => api::IsAliveError::InternalServerError(body) => body,
        });
        self.each("isReady", |c, _| async move {
            success(c.is_ready_with_response().await, 200)
        });
        statuses!(self, "isReady", |c| c.is_ready_with_response(), {
            503 => api::IsReadyError::ServiceUnavailable(body) => body,
        });
    }

    /// Identity schemas and stored self-service errors.
    fn schemas_and_errors(&mut self) {
        self.each("listIdentitySchemas", |c, i| async move {
            success(
                c.list_identity_schemas_with_response(opt(i, 0, per_page(i)), opt(i, 1, page(i)))
                    .await,
                200,
            )
        });
        statuses!(self, "listIdentitySchemas", |c| c.list_identity_schemas_with_response(Some(10), Some(1)), {
            500 => api::ListIdentitySchemasError::InternalServerError(body) => body,
        });
        self.each("getJsonSchema", |c, i| async move {
            success(c.get_json_schema_with_response(&text(i)).await, 200)
        });
        statuses!(self, "getJsonSchema", |c| c.get_json_schema_with_response("default"), {
            404 => api::GetJsonSchemaError::NotFound(body) => body,
            500 => api::GetJsonSchemaError::InternalServerError(body) => body,
        });
        self.each("getSelfServiceError", |c, i| async move {
            success(c.get_self_service_error_with_response(&text(i)).await, 200)
        });
        statuses!(self, "getSelfServiceError", |c| c.get_self_service_error_with_response(&uuid(6)), {
            403 => api::GetSelfServiceErrorError::Forbidden(body) => body,
            404 => api::GetSelfServiceErrorError::NotFound(body) => body,
            500 => api::GetSelfServiceErrorError::InternalServerError(body) => body,
        });
    }
}
