//! `attachFile` / `attachFileBinary`: one file per request as
//! `multipart/form-data` with a single part `Filedata`, `filename="<display name>"`,
//! `Content-Type: application/octet-stream` and the raw bytes, as every official SDK lays
//! it out.
//!
//! The display name defaults to the file's own name. The official Python SDK sends the path
//! exactly as it was given (directories included) when no display name is passed; this
//! client sends only the final component (as POPBiLL's documentation recommends), so local directory
//! names never leave the machine. For the golden capture's relative path both agree.

use std::path::PathBuf;

use bytes::Bytes;
use popbill_model::{CorpNum, Response, ValidationErrors, rule};
use popbill_transport::Method;

use super::docs;
use crate::call::{CallOptions, call_options, into_future};
use crate::client::Popbill;
use crate::error::{Error, Result};
use crate::pipeline::Multipart;
use crate::services::document::DocAddr;

/// Where the file comes from.
#[derive(Debug)]
pub(crate) enum Source {
    /// Read from disk when the call is sent (off the async executor).
    Path(PathBuf),
    /// Given by the caller.
    Bytes(Bytes),
}

/// `attachFile` / `attachFileBinary`: attach one file to a draft (at most 5 per invoice).
/// Built by [`TaxinvoiceService::attach_file`](super::TaxinvoiceService::attach_file) and
/// [`attach_file_binary`](super::TaxinvoiceService::attach_file_binary).
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent with .send().await or .await"]
pub struct AttachFileCall {
    client: Popbill,
    corp: CorpNum,
    addr: DocAddr,
    source: Source,
    display_name: Option<String>,
    opts: CallOptions,
}

impl AttachFileCall {
    pub(crate) fn new(
        client: &Popbill,
        corp: &CorpNum,
        addr: DocAddr,
        source: Source,
        display_name: Option<String>,
    ) -> Self {
        AttachFileCall {
            client: client.clone(),
            corp: corp.clone(),
            addr,
            source,
            display_name,
            opts: CallOptions::default(),
        }
    }

    call_options!(object);

    /// The file name shown in POPBiLL (default: the file's name).
    pub fn display_name(mut self, name: impl Into<String>) -> Self {
        self.display_name = Some(name.into());
        self
    }

    fn name(&self) -> Option<String> {
        let given = self.display_name.clone().filter(|n| !n.trim().is_empty());
        given.or_else(|| match &self.source {
            Source::Path(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()),
            Source::Bytes(_) => None,
        })
    }

    /// Reads the file (for a path) and sends it.
    pub async fn send(self) -> Result<Response> {
        let Some(name) = self.name() else {
            return Err(Error::Validation(ValidationErrors::single(
                "DisplayName",
                rule::REQUIRED,
                "a file name is required",
            )));
        };
        let content = match &self.source {
            Source::Bytes(b) => b.clone(),
            Source::Path(path) => read_file(path.clone()).await?,
        };
        let body = Multipart::new().file_part("Filedata", &name, &content);
        let call = docs(&self.client)
            .doc("attachFile", Method::Post, &self.corp, &self.addr, "/Files")
            .multipart(body)
            .json::<Response>();
        self.opts.apply(call).await
    }
}

into_future!(AttachFileCall => Response);

/// Reads a whole file on the blocking pool. A missing or unreadable file is a validation
/// error naming the path (nothing is sent).
async fn read_file(path: PathBuf) -> Result<Bytes> {
    let shown = path.display().to_string();
    let read = tokio::task::spawn_blocking(move || std::fs::read(&path)).await;
    match read {
        Ok(Ok(bytes)) => Ok(Bytes::from(bytes)),
        Ok(Err(e)) => Err(Error::Validation(ValidationErrors::single(
            "FilePath",
            rule::REQUIRED,
            format!("cannot read {shown}: {e}"),
        ))),
        Err(e) => Err(Error::Validation(ValidationErrors::single(
            "FilePath",
            rule::REQUIRED,
            format!("reading {shown} failed: {e}"),
        ))),
    }
}
