//! Small response objects of the Taxinvoice service. The generic `Response`,
//! `UrlResponse`, `UnitCostResponse` and `ChargeInfo` live in [`crate::response`].

use serde::{Deserialize, Serialize};

use crate::lenient;

/// Answer of registIssue and issue: `{code, message, ntsConfirmNum}` (capital `C` here, unlike
/// `ntsconfirmNum` elsewhere).
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct IssueResponse {
    /// `code`: 1 for success.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub code: i64,
    /// `message`: result message.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub message: String,
    /// `ntsConfirmNum`: the NTS confirm number assigned at issuance.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub nts_confirm_num: Option<String>,
}

/// Answer of getXML: `{code, message, retObject}` where `retObject` is the signed XML.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct TaxinvoiceXml {
    /// `code`: 1 for success.
    #[serde(deserialize_with = "lenient::i64_or_default")]
    pub code: i64,
    /// `message`: result message.
    #[serde(deserialize_with = "lenient::string_or_default")]
    pub message: String,
    /// `retObject`: the invoice XML document.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub ret_object: Option<String>,
}

/// The registered signing certificate (getTaxCertInfo). Dates are presumably
/// `yyyyMMddHHmmss` (undocumented).
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct TaxinvoiceCertificate {
    /// `regDT`: Registration time.
    #[serde(rename = "regDT", deserialize_with = "lenient::opt_string")]
    pub reg_dt: Option<String>,
    /// `expireDT`: Expiry time.
    #[serde(rename = "expireDT", deserialize_with = "lenient::opt_string")]
    pub expire_dt: Option<String>,
    /// `issuerDN`: Issuer distinguished name.
    #[serde(rename = "issuerDN", deserialize_with = "lenient::opt_string")]
    pub issuer_dn: Option<String>,
    /// `subjectDN`: Subject distinguished name.
    #[serde(rename = "subjectDN", deserialize_with = "lenient::opt_string")]
    pub subject_dn: Option<String>,
    /// `issuerName`: Certificate kind / issuer name.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub issuer_name: Option<String>,
    /// `oid`: Policy OID.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub oid: Option<String>,
    /// `regContactName`: Name of the user who registered it.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub reg_contact_name: Option<String>,
    /// `regContactID`: ID of the user who registered it.
    #[serde(rename = "regContactID", deserialize_with = "lenient::opt_string")]
    pub reg_contact_id: Option<String>,
}

/// One attachment of getFiles; `attachedFile` is the FileID for deleteFile.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct AttachedFile {
    /// `serialNum`: Position of the file.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub serial_num: Option<i64>,
    /// `attachedFile`: FileID.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub attached_file: Option<String>,
    /// `displayName`: File name shown to users.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub display_name: Option<String>,
    /// `regDT`: Upload time `yyyyMMddHHmmss`.
    #[serde(rename = "regDT", deserialize_with = "lenient::opt_string")]
    pub reg_dt: Option<String>,
}

/// One entry of getEmailPublicKeys (distribution-operator mail list).
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct EmailPublicKey {
    /// `confirmNum`: Operator confirm number.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub confirm_num: Option<String>,
    /// `email`: Operator e-mail address.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub email: Option<String>,
}

/// Answer of getSendToNTSConfig: `{"sendToNTS": bool}`.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct SendToNtsConfig {
    /// `sendToNTS`: The member's "send to NTS on issuance" option.
    #[serde(rename = "sendToNTS", deserialize_with = "lenient::opt_bool")]
    pub send_to_nts: Option<bool>,
}

/// Answer of getCertificateExpireDate: `{"certificateExpiration": "yyyyMMddHHmmss"}`.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(default)]
#[non_exhaustive]
pub struct CertificateExpiration {
    /// `certificateExpiration`: Expiry time `yyyyMMddHHmmss`.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub certificate_expiration: Option<String>,
}

impl CertificateExpiration {
    /// The expiry as a [`crate::DateTime14`], when it parses.
    pub fn expires_at(&self) -> Option<crate::DateTime14> {
        self.certificate_expiration
            .as_deref()
            .and_then(|s| crate::DateTime14::parse(s).ok())
    }
}
