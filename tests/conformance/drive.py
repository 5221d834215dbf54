#!/usr/bin/env python3
"""Conformance run: the official POPBiLL Python SDK (popbill 1.64.2, linkhub 1.6.0) against a
running popbill-sandbox.

Usage: drive.py http://127.0.0.1:PORT

The SDK is redirected without touching site-packages:
  * API host: popbill.base looks up `httpclient.HTTPSConnection` on its module attribute
    `httpclient`; we put an object there whose HTTPSConnection opens a plain HTTP connection
    to the sandbox (http.client itself is left alone).
  * Auth host: linkhub.authURL('http://127.0.0.1:PORT') is linkhub's public override.

Every member, Taxinvoice and Cashbill call of the SDK runs in a realistic order; each step
asserts success and sensible values. The Cashbill steps run last: they move the sandbox clock
past the next day's automatic NTS filing. The last line is "N passed, M failed"; the exit status is 1 on
any failure.
"""

import datetime
import http.client
import json
import os
import re
import sys
import time
import traceback
import types
import urllib.error
import urllib.parse
import urllib.request

import linkhub
import popbill
import popbill.base
from popbill import (
    BinaryFile,
    ContactInfo,
    CorpInfo,
    JoinForm,
    PaymentForm,
    PopbillException,
    RefundForm,
    TaxinvoiceService,
)
from popbill import CashbillService
from popbill.cashbillService import Cashbill
from popbill.taxinvoiceService import Contact, Taxinvoice, TaxinvoiceDetail
from popbill.base import PopbillBase

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8080"
_url = urllib.parse.urlparse(BASE)
HOST, PORT = _url.hostname, _url.port

LINK_ID = "TESTER"
SECRET_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
CORP = "1234567890"  # seller (test number of the official examples; fails the checksum)
BUYER = "8888888888"  # buyer, also a test number
USER = "testkorea"
RUN = datetime.datetime.utcnow().strftime("%H%M%S")  # keys unique per run


def kst_now():
    return datetime.datetime.utcnow() + datetime.timedelta(hours=9)


TODAY = kst_now().strftime("%Y%m%d")


# ---------------------------------------------------------------- redirection


def _sandbox_connection(*_args, **_kwargs):
    return http.client.HTTPConnection(HOST, PORT, timeout=30)


popbill.base.httpclient = types.SimpleNamespace(
    HTTPSConnection=_sandbox_connection, HTTPConnection=http.client.HTTPConnection
)
linkhub.authURL("http://%s:%d" % (HOST, PORT))


# ---------------------------------------------------------------- harness

passed = 0
failed = 0


def step(name, fn):
    """Runs one step; an AssertionError or unexpected exception fails it."""
    global passed, failed
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - report everything
        failed += 1
        detail = e.message if isinstance(e, PopbillException) else repr(e)
        code = " code=%s" % e.code if isinstance(e, PopbillException) else ""
        print("FAIL %s:%s %s" % (name, code, detail))
        if not isinstance(e, (AssertionError, PopbillException)):
            traceback.print_exc()
        return
    passed += 1
    print("ok   %s" % name)


def expect_error(code, fn):
    try:
        fn()
    except PopbillException as e:
        assert e.code == code, "expected error %d, got %d %s" % (code, e.code, e.message)
        return e
    raise AssertionError("expected PopbillException %d, call succeeded" % code)


def fetch(url):
    """GET a URL (no gzip); returns (status, content-type, body bytes)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def control(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        BASE + "/__control/" + path,
        data=data,
        headers={"Content-Type": "application/json"},
        method="POST" if data is not None else "GET",
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read().decode())


def poll(fn, pred, timeout=15.0, every=0.2):
    end = time.time() + timeout
    while True:
        v = fn()
        if pred(v):
            return v
        if time.time() > end:
            raise AssertionError("timed out waiting; last value %r" % (v,))
        time.sleep(every)


def assert_view_url(url):
    assert url.startswith(BASE + "/__view/"), url
    status, ctype, body = fetch(url)
    assert status == 200, (url, status, body[:200])
    assert ctype, "no Content-Type"
    return ctype, body


NTS_RE = re.compile(r"^\d{8}\d{8}[0-9a-f]{8}$")


def invoice(mgt_key, **over):
    """A complete 정발행 invoice from CORP to BUYER, written today."""
    kw = dict(
        writeDate=TODAY,
        chargeDirection="정과금",
        issueType="정발행",
        purposeType="영수",
        taxType="과세",
        invoicerCorpNum=CORP,
        invoicerTaxRegID=None,
        invoicerCorpName="공급자 상호",
        invoicerMgtKey=mgt_key,
        invoicerCEOName="공급자 대표자 성명",
        invoicerAddr="공급자 주소",
        invoicerBizClass="공급자 종목",
        invoicerBizType="공급자 업태",
        invoicerContactName="공급자 담당자",
        invoicerEmail="seller@test.com",
        invoicerTEL="070-4304-2991",
        invoicerHP="010-000-2222",
        invoicerSMSSendYN=False,
        invoiceeType="사업자",
        invoiceeCorpNum=BUYER,
        invoiceeTaxRegID=None,
        invoiceeCorpName="공급받는자 상호",
        invoiceeMgtKey=None,
        invoiceeCEOName="공급받는자 대표자 성명",
        invoiceeAddr="공급받는자 주소",
        invoiceeBizClass="공급받는자 종목",
        invoiceeBizType="공급받는자 업태",
        invoiceeContactName1="공급받는자 담당자",
        invoiceeEmail1="buyer@test.com",
        invoiceeTEL1="070-111-222",
        invoiceeHP1="010-111-222",
        invoiceeSMSSendYN=False,
        supplyCostTotal="100000",
        taxTotal="10000",
        totalAmount="110000",
        modifyCode=None,
        orgNTSConfirmNum=None,
        serialNum="123",
        cash="",
        chkBill="",
        note="",
        credit="",
        remark1="비고1",
        remark2="",
        remark3="",
        kwon=1,
        ho=1,
        businessLicenseYN=False,
        bankBookYN=False,
    )
    kw.update(over)
    t = Taxinvoice(**kw)
    t.detailList = [
        TaxinvoiceDetail(
            serialNum=1,
            purchaseDT=kw["writeDate"],
            itemName="품목명1",
            spec="규격",
            qty="1",
            unitCost="50000",
            supplyCost="50000",
            tax="5000",
            remark="품목비고",
        ),
        TaxinvoiceDetail(
            serialNum=2,
            purchaseDT=kw["writeDate"],
            itemName="품목명2",
            spec="규격",
            qty="1",
            unitCost="50000",
            supplyCost="50000",
            tax="5000",
            remark="품목비고",
        ),
    ]
    t.addContactList = [Contact(serialNum=1, contactName="추가담당자", email="extra@test.com")]
    return t


def key(n):
    return "PY-%s-%s" % (RUN, n)


# ---------------------------------------------------------------- services


def make_service(cls_name, is_test, local_time, ip_restrict):
    """A separate SDK instance: the SDK keeps one singleton per class, so each configuration
    gets its own subclass (with its own __init__, because TaxinvoiceService's uses
    super(self.__class__, ...))."""

    def __init__(self, link_id, secret_key):
        PopbillBase.__init__(self, link_id, secret_key)
        self._addScope("110")

    cls = type(cls_name, (TaxinvoiceService,), {"__init__": __init__})
    svc = cls(LINK_ID, SECRET_KEY)
    svc.IsTest = is_test
    svc.UseLocalTimeYN = local_time
    svc.IPRestrictOnOff = ip_restrict
    return svc


ti = TaxinvoiceService(LINK_ID, SECRET_KEY)
ti.IsTest = True
ti.IPRestrictOnOff = True
ti.UseLocalTimeYN = True

state = {}


# ---------------------------------------------------------------- taxinvoice: issuance


def s_check_unused():
    assert ti.checkMgtKeyInUse(CORP, "SELL", key("0001")) is False


def s_regist_issue():
    r = ti.registIssue(CORP, invoice(key("0001")), memo="즉시발행 메모", emailSubject="발행 안내")
    assert r.code == 1, r.code
    assert NTS_RE.match(r.ntsConfirmNum), r.ntsConfirmNum
    assert r.ntsConfirmNum.startswith(TODAY), r.ntsConfirmNum
    state["confirm1"] = r.ntsConfirmNum


def s_check_used():
    assert ti.checkMgtKeyInUse(CORP, "SELL", key("0001")) is True


def s_get_info_issued():
    info = ti.getInfo(CORP, "SELL", key("0001"))
    assert info.stateCode == 300, info.stateCode
    assert re.match(r"^\d{18}$", info.itemKey), info.itemKey
    assert info.ntsconfirmNum == state["confirm1"]
    assert info.invoicerMgtKey == key("0001")
    assert info.lateIssueYN is False
    state["item1"] = info.itemKey


def s_duplicate_key():
    expect_error(-11000004, lambda: ti.registIssue(CORP, invoice(key("0001"))))


def s_register_update():
    assert ti.register(CORP, invoice(key("0002")), UserID=USER).code == 1
    assert ti.getInfo(CORP, "SELL", key("0002")).stateCode == 100
    changed = invoice(key("0002"), remark1="수정된 비고")
    assert ti.update(CORP, "SELL", key("0002"), changed, UserID=USER).code == 1
    d = ti.getDetailInfo(CORP, "SELL", key("0002"))
    assert d.remark1 == "수정된 비고", d.remark1
    assert d.invoicerMgtKey == key("0002")
    assert len(d.detailList) == 2


def s_attach_files():
    bf = BinaryFile(fileName="첨부파일.txt", fileData="attached file body\n첨부 내용\n".encode("utf-8"))
    assert ti.attachFileBinary(CORP, "SELL", key("0002"), bf, USER).code == 1
    path = "/tmp/popbill-sandbox-conformance-%s.txt" % RUN
    with open(path, "w") as f:
        f.write("sample attachment\n")
    try:
        assert ti.attachFile(CORP, "SELL", key("0002"), path, USER, DisplayName="sample.txt").code == 1
    finally:
        os.remove(path)
    files = ti.getFiles(CORP, "SELL", key("0002"))
    assert [f.displayName for f in files] == ["첨부파일.txt", "sample.txt"], files
    assert files[0].serialNum == 1 and files[0].attachedFile
    assert ti.deleteFile(CORP, "SELL", key("0002"), files[1].attachedFile, USER).code == 1
    files = ti.getFiles(CORP, "SELL", key("0002"))
    assert len(files) == 1 and files[0].displayName == "첨부파일.txt"


def s_issue_cancel_delete_reuse():
    r = ti.issue(CORP, "SELL", key("0002"), Memo="발행 메모", EmailSubject="발행안내 메일 제목", UserID=USER)
    assert r.code == 1 and NTS_RE.match(r.ntsConfirmNum), r.__dict__
    # attachments only on drafts
    expect_error(
        -11000001,
        lambda: ti.attachFileBinary(CORP, "SELL", key("0002"), BinaryFile(fileName="x.txt", fileData=b"x"), USER),
    )
    expect_error(-11000001, lambda: ti.delete(CORP, "SELL", key("0002"), USER))
    assert ti.cancelIssue(CORP, "SELL", key("0002"), "발행취소 메모", USER).code == 1
    info = ti.getInfo(CORP, "SELL", key("0002"))
    assert info.stateCode == 600 and info.stateMemo == "발행취소 메모", (info.stateCode, info.stateMemo)
    assert ti.delete(CORP, "SELL", key("0002"), USER).code == 1
    assert ti.checkMgtKeyInUse(CORP, "SELL", key("0002")) is False
    # the MgtKey may be reused after deletion
    assert ti.register(CORP, invoice(key("0002")), UserID=USER).code == 1
    assert ti.delete(CORP, "SELL", key("0002"), USER).code == 1


def s_send_to_nts():
    assert ti.sendToNTS(CORP, "SELL", key("0001"), USER).code == 1
    info = ti.getInfo(CORP, "SELL", key("0001"))
    assert info.stateCode in (301, 302, 303, 304), info.stateCode
    expect_error(-11000001, lambda: ti.cancelIssue(CORP, "SELL", key("0001"), "too late", USER))
    info = poll(lambda: ti.getInfo(CORP, "SELL", key("0001")), lambda i: i.stateCode == 304)
    assert info.ntssendErrCode == "SUC001", info.ntssendErrCode
    assert info.ntssendDT and info.ntsresultDT


def s_filing_failure_err002():
    r = ti.registIssue(CORP, invoice(key("0003")), memo="ERR002")
    assert r.code == 1
    assert ti.sendToNTS(CORP, "SELL", key("0003"), USER).code == 1
    info = poll(lambda: ti.getInfo(CORP, "SELL", key("0003")), lambda i: i.stateCode in (304, 305))
    assert info.stateCode == 305, info.stateCode
    assert info.ntssendErrCode == "ERR002", info.ntssendErrCode
    assert ti.delete(CORP, "SELL", key("0003"), USER).code == 1


def s_get_infos_detail_xml():
    ti.registIssue(CORP, invoice(key("0004")))
    infos = ti.getInfos(CORP, "SELL", [key("0001"), key("0004"), key("missing")])
    assert sorted(i.invoicerMgtKey for i in infos) == sorted([key("0001"), key("0004")]), infos
    d = ti.getDetailInfo(CORP, "SELL", key("0001"))
    assert d.ntsconfirmNum == state["confirm1"] and d.invoiceeCorpNum == BUYER
    d2 = ti.getDetailInfoByItemKey(CORP, state["item1"])
    assert d2.invoicerMgtKey == key("0001")
    x = ti.getXML(CORP, "SELL", key("0001"))
    assert x.code == 1 and x.retObject.startswith("<?xml"), x.retObject[:40]
    assert state["confirm1"] in x.retObject


def s_search():
    for n in range(5, 9):
        assert ti.registIssue(CORP, invoice(key("%04d" % n))).code == 1
    r = ti.search(CORP, "SELL", "W", TODAY, TODAY, ["3**", "6**"], ["N", "M"], ["T", "N", "Z"],
                  None, None, None, None, 1, 2, "D", USER, "공급받는자", None, ["N", "R", "T"],
                  ["P"], None, None)
    assert r.code == 1 and r.total >= 6, (r.code, r.total)
    assert r.perPage == 2 and r.pageNum == 1 and len(r.list) == 2, (r.perPage, r.pageNum, len(r.list))
    assert r.pageCount == (r.total + 1) // 2
    p2 = ti.search(CORP, "SELL", "W", TODAY, TODAY, ["3**"], None, None, None, None, None, None,
                   2, 2, "D", USER)
    assert p2.pageNum == 2 and len(p2.list) == 2
    assert {i.itemKey for i in p2.list}.isdisjoint({i.itemKey for i in r.list})
    one = ti.search(CORP, "SELL", "I", TODAY, TODAY, None, None, None, None, None, None, None,
                    1, 10, "A", USER, MgtKey=key("0001"))
    assert one.total == 1 and one.list[0].invoicerMgtKey == key("0001")
    none = ti.search(CORP, "SELL", "W", TODAY, TODAY, ["6**"], None, ["Z"], None, None, None, None,
                     1, 10, "D", USER)
    assert none.total == 0 and len(none.list) == 0
    bought = ti.search(BUYER, "BUY", "W", TODAY, TODAY, ["3**"], None, None, None, None, None, None,
                       1, 100, "D", USER)
    assert bought.total >= 6, bought.total
    expect_error(-10000054, lambda: ti.search(CORP, "SELL", "X", TODAY, TODAY, None, None, None,
                                             None, None, None, None, 1, 10, "D"))


def s_logs():
    logs = ti.getLogs(CORP, "SELL", key("0001"))
    types_ = [l.docLogType for l in logs]
    for t in (100, 230, 250, 254):
        assert t in types_, types_
    assert logs[0].procType in ("연동", "시스템") and logs[0].regDT


def s_urls():
    urls = [
        ti.getURL(CORP, USER, "SBOX"),
        ti.getPopUpURL(CORP, "SELL", key("0001"), USER),
        ti.getViewURL(CORP, "SELL", key("0001"), USER),
        ti.getPrintURL(CORP, "SELL", key("0001"), USER),
        ti.getOldPrintURL(CORP, "SELL", key("0001"), USER),
        ti.getEPrintURL(CORP, "SELL", key("0001"), USER),
        ti.getMailURL(CORP, "SELL", key("0001"), USER),
        ti.getMassPrintURL(CORP, "SELL", [key("0001"), key("0004")], USER),
        ti.getSealURL(CORP, USER),
        ti.getTaxCertURL(CORP, USER),
    ]
    for u in urls:
        ctype, body = assert_view_url(u)
        assert "text/html" in ctype, ctype
    _, body = assert_view_url(urls[2])
    assert state["confirm1"].encode() in body
    pdf = ti.getPDFURL(CORP, "SELL", key("0001"), USER)
    ctype, body = assert_view_url(pdf)
    assert ctype.startswith("application/pdf") and body.startswith(b"%PDF"), ctype
    state["expiring_url"] = urls[2]
    state["mail_url"] = urls[6]


def s_notify():
    assert ti.sendEmail(CORP, "SELL", key("0001"), "receiver@test.com", USER).code == 1
    assert ti.sendSMS(CORP, "SELL", key("0001"), "07043042991", "01012341234", "세금계산서 발행 안내 문자", USER).code == 1
    assert ti.sendFax(CORP, "SELL", key("0001"), "07043042991", "070111222", USER).code == 1
    outbox = control("outbox")
    got = {(m["kind"], m["reason"], m["receiver"]) for m in outbox}
    for want in [("email", "sendEmail", "receiver@test.com"), ("sms", "sendSMS", "01012341234"),
                 ("fax", "sendFAX", "070111222"), ("email", "TAX_ISSUE", "buyer@test.com")]:
        assert want in got, (want, got)
    logs = [l.docLogType for l in ti.getLogs(CORP, "SELL", key("0001"))]
    assert 111 in logs and 112 in logs and 113 in logs, logs


def s_assign_mgt_key():
    # The buyer gives its own document number to an invoice it received.
    assert ti.assignMgtKey(BUYER, "BUY", state["item1"], key("B001"), USER).code == 1
    info = ti.getInfo(BUYER, "BUY", key("B001"))
    assert info.itemKey == state["item1"] and info.invoiceeMgtKey == key("B001")
    expect_error(-11000001, lambda: ti.assignMgtKey(BUYER, "BUY", state["item1"], key("B002"), USER))


def s_statements():
    assert ti.attachStatement(CORP, "SELL", key("0001"), 121, "PY-STMT-0001", USER).code == 1
    expect_error(-11000001, lambda: ti.attachStatement(CORP, "SELL", key("0001"), 121, "PY-STMT-0001", USER))
    assert ti.detachStatement(CORP, "SELL", key("0001"), 121, "PY-STMT-0001", USER).code == 1


def s_bulk():
    submit = "PY-%s-SUBMIT" % RUN
    invs = [invoice(key("K%03d" % i)) for i in (1, 2)]
    r = ti.bulkSubmit(CORP, submit, invs, False, USER)
    assert r.code == 1 and r.receiptID, r.__dict__
    again = ti.bulkSubmit(CORP, submit, invs, False, USER)
    assert again.receiptID == r.receiptID
    first = ti.getBulkResult(CORP, submit, USER)
    assert first.txState in (0, 1, 2) and first.submitCount == 2
    done = poll(lambda: ti.getBulkResult(CORP, submit, USER), lambda b: b.txState == 2)
    assert done.successCount == 2 and done.failCount == 0, (done.successCount, done.failCount)
    assert all(x.code == 1 and NTS_RE.match(x.ntsconfirmNum) for x in done.issueResult)
    assert {x.invoicerMgtKey for x in done.issueResult} == {key("K001"), key("K002")}
    assert ti.getInfo(CORP, "SELL", key("K001")).stateCode == 300


def s_config_calls():
    exp = ti.getCertificateExpireDate(CORP)
    assert isinstance(exp, datetime.datetime) and exp > datetime.datetime.now(), exp
    assert ti.checkCertValidation(CORP, USER).code == 1
    assert ti.getUnitCost(CORP) == 10.0
    ci = ti.getChargeInfo(CORP, USER)
    assert ci.unitCost == "10" and ci.chargeMethod and ci.rateSystem
    cfg = ti.listEmailConfig(CORP, USER)
    assert any(c.emailType == "TAX_ISSUE" and c.sendYN is True for c in cfg)
    assert ti.updateEmailConfig(CORP, "TAX_ISSUE_INVOICER", False, USER).code == 1
    cfg = ti.listEmailConfig(CORP, USER)
    assert any(c.emailType == "TAX_ISSUE_INVOICER" and c.sendYN is False for c in cfg)
    assert ti.updateEmailConfig(CORP, "TAX_ISSUE_INVOICER", True, USER).code == 1
    keys = ti.getEmailPublicKeys(CORP)
    assert len(keys) >= 1 and keys[0].email
    assert ti.getSendToNTSConfig(CORP) in (True, False)
    cert = ti.getTaxCertInfo(CORP, USER)
    assert cert.issuerDN and cert.expireDT


# ---------------------------------------------------------------- reverse and legacy flows


def reverse_invoice(buyer_key, seller_key=None, **over):
    return invoice(seller_key, issueType="역발행", invoiceeMgtKey=buyer_key, **over)


def s_reverse_request_cancel():
    assert ti.registRequest(BUYER, reverse_invoice(key("R001")), "역발행 요청 메모", USER).code == 1
    assert ti.getInfo(BUYER, "BUY", key("R001")).stateCode == 200
    assert ti.cancelRequest(BUYER, "BUY", key("R001"), "요청 취소", USER).code == 1
    assert ti.getInfo(BUYER, "BUY", key("R001")).stateCode == 500
    assert ti.delete(BUYER, "BUY", key("R001"), USER).code == 1


def s_reverse_request_refuse():
    assert ti.register(BUYER, reverse_invoice(key("R002"), key("R002S")), UserID=USER).code == 1
    assert ti.request(BUYER, "BUY", key("R002"), "발행 요청", USER).code == 1
    assert ti.getInfo(CORP, "SELL", key("R002S")).stateCode == 200
    assert ti.refuse(CORP, "SELL", key("R002S"), "거부 사유", USER).code == 1
    assert ti.getInfo(BUYER, "BUY", key("R002")).stateCode == 400
    assert ti.delete(BUYER, "BUY", key("R002"), USER).code == 1


def s_reverse_issue():
    assert ti.registRequest(BUYER, reverse_invoice(key("R003"), key("R003S")), None, USER).code == 1
    r = ti.issue(CORP, "SELL", key("R003S"), "역발행 승인", None, False, USER)
    assert r.code == 1
    assert ti.getInfo(BUYER, "BUY", key("R003")).stateCode == 300


def s_legacy_send_accept_deny():
    assert ti.register(CORP, invoice(key("L001"), invoiceeMgtKey=key("L001B")), UserID=USER).code == 1
    assert ti.send(CORP, "SELL", key("L001"), "발행예정", "메일 제목", USER).code == 1
    assert ti.getInfo(CORP, "SELL", key("L001")).stateCode == 210
    assert ti.accept(BUYER, "BUY", key("L001B"), "승인", USER).code == 1
    assert ti.getInfo(CORP, "SELL", key("L001")).stateCode == 300
    assert ti.register(CORP, invoice(key("L002"), invoiceeMgtKey=key("L002B")), UserID=USER).code == 1
    assert ti.send(CORP, "SELL", key("L002"), None, None, USER).code == 1
    assert ti.deny(BUYER, "BUY", key("L002B"), "거부", USER).code == 1
    assert ti.getInfo(CORP, "SELL", key("L002")).stateCode == 410
    assert ti.delete(CORP, "SELL", key("L002"), USER).code == 1
    assert ti.register(CORP, invoice(key("L003")), UserID=USER).code == 1
    assert ti.send(CORP, "SELL", key("L003"), None, None, USER).code == 1
    assert ti.cancelSend(CORP, "SELL", key("L003"), None, USER).code == 1
    assert ti.getInfo(CORP, "SELL", key("L003")).stateCode == 510
    assert ti.delete(CORP, "SELL", key("L003"), USER).code == 1


# ---------------------------------------------------------------- refusals


def s_late_issuance():
    now = kst_now()
    month = now.month - 2
    year = now.year
    if month < 1:
        month += 12
        year -= 1
    old = "%04d%02d01" % (year, month)
    late = invoice(key("LATE"), writeDate=old)
    expect_error(-11002013, lambda: ti.registIssue(CORP, late))
    assert ti.checkMgtKeyInUse(CORP, "SELL", key("LATE")) is False
    assert ti.registIssue(CORP, invoice(key("LATE"), writeDate=old), forceIssue=True).code == 1
    assert ti.getInfo(CORP, "SELL", key("LATE")).lateIssueYN is True


def s_validation_errors():
    expect_error(-11001001, lambda: ti.registIssue(CORP, invoice(key("V001"), writeDate=None)))
    expect_error(-11001005, lambda: ti.register(CORP, invoice(key("V002"), taxType=None)))
    expect_error(-11001000, lambda: ti.register(CORP, invoice(key("V003"), invoicerCorpNum=BUYER)))
    expect_error(-11000005, lambda: ti.getInfo(CORP, "SELL", key("nope")))


def s_points():
    before = ti.getBalance(CORP)
    assert ti.registIssue(CORP, invoice(key("P001"))).code == 1
    assert ti.getBalance(CORP) == before - 10, (before, ti.getBalance(CORP))
    control("points", {"corpNum": CORP, "points": 5})
    expect_error(-99000001, lambda: ti.registIssue(CORP, invoice(key("P002"))))
    assert ti.checkMgtKeyInUse(CORP, "SELL", key("P002")) is False
    control("points", {"corpNum": CORP, "points": 100000})


# ---------------------------------------------------------------- member API


JOIN_CORP = "0000%06d" % (int(RUN) % 1000000)
JOIN_ID = "sbuser%s" % RUN


def s_member_join():
    assert ti.checkIsMember(JOIN_CORP).code == 0
    assert ti.checkID(JOIN_ID).code == 0
    form = JoinForm(ID=JOIN_ID, Password="asdf1234!@", CorpNum=JOIN_CORP, CEOName="대표자 성명",
                    CorpName="테스트 상호", Addr="주소", BizType="업태", BizClass="종목",
                    ContactName="담당자 성명", ContactEmail="join@test.com", ContactTEL="070-4304-2991")
    assert ti.joinMember(form).code == 1
    assert ti.checkIsMember(JOIN_CORP).code == 1
    assert ti.checkID(JOIN_ID).code == 1
    expect_error(-10001000, lambda: ti.joinMember(form))
    bad = JoinForm(ID="sbuser2%s" % RUN, Password="short", CorpNum="0000000002", CEOName="a",
                   CorpName="b", Addr="c", BizType="d", BizClass="e", ContactName="f",
                   ContactEmail="g@test.com", ContactTEL="010")
    expect_error(-10000007, lambda: ti.joinMember(bad))


def s_corp_info():
    assert ti.getCorpInfo(CORP, USER).corpName
    info = CorpInfo(ceoname="대표자 성명", corpName="상호", addr="주소", bizType="업태", bizClass="종목")
    assert ti.updateCorpInfo(CORP, info, USER).code == 1
    got = ti.getCorpInfo(CORP, USER)
    assert (got.ceoname, got.corpName, got.bizClass) == ("대표자 성명", "상호", "종목")


def s_contacts():
    cid = "testkorea_%s" % RUN
    c = ContactInfo(id=cid, Password="asdf1234!@", personName="담당자 성명", tel="070-4304-2991",
                    email="contact@test.com", searchRole=3)
    assert ti.registContact(CORP, c, USER).code == 1
    got = ti.getContactInfo(CORP, cid, USER)
    assert got.personName == "담당자 성명" and got.searchRole == 3 and got.mgrYN is False
    assert cid in [x.id for x in ti.listContact(CORP, USER)]
    upd = ContactInfo(id=cid, personName="담당자 성명2", tel="070-4304-2992", email="contact2@test.com",
                      searchRole=1)
    assert ti.updateContact(CORP, upd, USER).code == 1
    got = ti.getContactInfo(CORP, cid, USER)
    assert got.personName == "담당자 성명2" and got.searchRole == 1 and got.email == "contact2@test.com"
    assert ti.deleteContact(CORP, cid, USER).code == 1
    expect_error(-10000008, lambda: ti.getContactInfo(CORP, cid, USER))


def s_points_and_urls():
    assert isinstance(ti.getBalance(CORP), float)
    assert ti.getPartnerBalance(CORP) > 0
    assert_view_url(ti.getPartnerURL(CORP, "CHRG"))
    for u in (ti.getAccessURL(CORP, USER), ti.getChargeURL(CORP, USER), ti.getPaymentURL(CORP, USER),
              ti.getUseHistoryURL(CORP, USER), ti.getPopbillURL(CORP, USER, "LOGIN")):
        assert_view_url(u)


def s_histories_payment_refund():
    uh = ti.getUseHistory(CORP, TODAY, TODAY, 1, 100, "D", USER)
    assert uh.total >= 10 and uh.list[0].itemCode in (110, 150, 160), (uh.total, uh.list[0].itemCode)
    pay = ti.paymentRequest(CORP, PaymentForm(settlerName="입금자명", settlerEmail="pay@test.com",
                                              notifyHP="01012341234", paymentName="입금자명",
                                              settleCost="11000"), USER)
    assert pay.code == 1 and pay.settleCode
    settle = ti.getSettleResult(CORP, pay.settleCode, USER)
    assert settle.settleCost == "11000", settle.settleCost
    ph = ti.getPaymentHistory(CORP, TODAY, TODAY, 1, 100, USER)
    assert ph.total >= 1 and ph.list[0].settlerEmail == "pay@test.com"
    refundable = ti.getRefundableBalance(CORP, USER)
    assert refundable > 1000, refundable
    rf = ti.refund(CORP, RefundForm(contactname="환불담당자", tel="01012341234", requestpoint="1000",
                                    accountbank="국민", accountnum="123-456-7890", accountname="예금주",
                                    reason="환불 사유"), USER)
    assert rf.code == 1 and rf.refundCode
    info = ti.getRefundInfo(CORP, rf.refundCode, USER)
    assert info.requestPoint == "1000" and info.accountBank == "국민"
    assert ti.getRefundHistory(CORP, 1, 100, USER).total >= 1
    assert ti.getRefundableBalance(CORP, USER) == refundable - 1000


def s_quit_member():
    assert ti.quitMember(JOIN_CORP, "테스트 탈퇴 사유", USER).code == 1
    assert ti.checkIsMember(JOIN_CORP).code == 0


# ---------------------------------------------------------------- other SDK configurations


def s_server_time_and_forwarded():
    # UseLocalTimeYN=False: GET /Time before every call; IPRestrictOnOff=False: x-lh-forwarded: *
    ti2 = make_service("TaxinvoiceServiceServerTime", True, False, False)
    assert ti2.getBalance(CORP) > 0
    r = ti2.registIssue(CORP, invoice(key("T001")))
    assert r.code == 1
    assert ti2.getInfo(CORP, "SELL", key("T001")).stateCode == 300
    state["ti2"] = ti2


def s_production_service_id():
    prod = make_service("TaxinvoiceServiceProd", False, True, True)
    assert prod.getBalance(CORP) > 0  # /POPBILL/Token and /POPBILL/Point
    assert prod.checkMgtKeyInUse(CORP, "SELL", key("0001")) is True


def s_expiry():
    # Move the sandbox clock past the token lifetime and the URL validity.
    control("clock", {"advanceSecs": 3700})
    status, ctype, body = fetch(state["expiring_url"])
    assert status == 410 and "text/html" in ctype, (status, ctype)
    status, _, _ = fetch(state["mail_url"])
    assert status == 200, status  # getMailURL links do not expire
    # ti uses the local clock, so it keeps its (now expired) token: documented error.
    e = expect_error(-10000033, lambda: ti.getInfo(CORP, "SELL", key("0001")))
    assert "만료" in e.message, e.message
    # ti2 asks GET /Time, sees the expiry and refreshes its token.
    assert state["ti2"].getInfo(CORP, "SELL", key("0001")).stateCode == 304


# ---------------------------------------------------------------- cashbill

cb = CashbillService(LINK_ID, SECRET_KEY)
cb.IsTest = True
cb.IPRestrictOnOff = True
# The Cashbill steps move the sandbox clock a day forward: this instance asks GET /Time, so it
# renews its token on the sandbox clock.
cb.UseLocalTimeYN = False

CB_CONFIRM_RE = re.compile(r"^TB\d{7}$")
HP = "01011112222"


def cbkey(n):
    return "CB-%s-%s" % (RUN, n)


def cashbill(mgt_key, **over):
    """A 소득공제용 cash receipt of 11,000 won (10,000 + 1,000 VAT) for a consumer's phone."""
    kw = dict(
        mgtKey=mgt_key,
        tradeType="승인거래",
        tradeUsage="소득공제용",
        tradeOpt="일반",
        taxationType="과세",
        supplyCost="10000",
        tax="1000",
        serviceFee="0",
        totalAmount="11000",
        franchiseCorpNum=CORP,
        franchiseTaxRegID="0001",
        franchiseCorpName="가맹점 상호",
        franchiseCEOName="가맹점 대표",
        franchiseAddr="가맹점 주소",
        franchiseTEL="070-1234-1234",
        identityNum=HP,
        customerName="고객",
        itemName="상품",
        orderNumber="ORD-1",
        email="consumer@test.com",
        hp=HP,
        smssendYN=True,
    )
    kw.update(over)
    return Cashbill(**{k: v for k, v in kw.items() if v is not None})


def sandbox_today():
    now = control("clock")["now"]  # 2025-01-01T00:00:00Z style
    t = datetime.datetime.strptime(now[:19], "%Y-%m-%dT%H:%M:%S") + datetime.timedelta(hours=9)
    return t.strftime("%Y%m%d")


def c_regist_issue():
    assert cb.checkMgtKeyInUse(CORP, cbkey("0001")) is False
    before = cb.getBalance(CORP)
    r = cb.registIssue(CORP, cashbill(cbkey("0001")), "즉시발행 메모", USER, "현금영수증 안내")
    assert r.code == 1, r.code
    assert CB_CONFIRM_RE.match(r.confirmNum), r.confirmNum
    assert r.tradeDate == sandbox_today(), (r.tradeDate, sandbox_today())
    assert cb.getBalance(CORP) == before - 5, (before, cb.getBalance(CORP))
    assert cb.checkMgtKeyInUse(CORP, cbkey("0001")) is True
    state["cb1"] = r
    expect_error(-14000004, lambda: cb.registIssue(CORP, cashbill(cbkey("0001")), None))
    outbox = control("outbox")
    got = {(m["kind"], m["reason"], m["receiver"]) for m in outbox}
    assert ("email", "CSH_ISSUE", "consumer@test.com") in got, got
    assert ("sms", "CSH_ISSUE_SMS", HP) in got, got
    assert any(m["subject"] == "현금영수증 안내" for m in outbox if m["reason"] == "CSH_ISSUE")


def c_get_info():
    info = cb.getInfo(CORP, cbkey("0001"))
    assert info.stateCode == 300, info.stateCode
    assert re.match(r"^\d{18}$", info.itemKey), info.itemKey
    assert info.confirmNum == state["cb1"].confirmNum and info.tradeDate == state["cb1"].tradeDate
    assert info.tradeType == "승인거래" and info.tradeUsage == "소득공제용"
    assert info.totalAmount == "11000" and info.identityNum == HP
    assert info.stateMemo == "즉시발행 메모" and info.interOPYN is True
    state["cb1_item"] = info.itemKey
    d = cb.getDetailInfo(CORP, cbkey("0001"))
    assert d.confirmNum == info.confirmNum and d.franchiseCorpName == "가맹점 상호"
    assert d.mgtKey == cbkey("0001") and d.supplyCost == "10000"
    infos = cb.getInfos(CORP, [cbkey("0001"), cbkey("missing")])
    assert [i.mgtKey for i in infos] == [cbkey("0001")], infos


def c_revoke_needs_filed_original():
    expect_error(-14001021, lambda: cb.revokeRegistIssue(
        CORP, cbkey("R000"), state["cb1"].confirmNum, state["cb1"].tradeDate))
    expect_error(-14001020, lambda: cb.revokeRegistIssue(CORP, cbkey("R000"), "TB9999999", "20000101"))
    assert cb.checkMgtKeyInUse(CORP, cbkey("R000")) is False


def c_legacy_register_update_issue_cancel_delete():
    assert cb.register(CORP, cashbill(cbkey("0002")), USER).code == 1
    assert cb.getInfo(CORP, cbkey("0002")).stateCode == 100
    upd = cashbill(cbkey("0002"), itemName="수정된 상품", supplyCost="20000", tax="2000",
                   totalAmount="22000")
    assert cb.update(CORP, cbkey("0002"), upd, USER).code == 1
    d = cb.getDetailInfo(CORP, cbkey("0002"))
    assert d.itemName == "수정된 상품" and d.totalAmount == "22000", d.__dict__
    assert cb.issue(CORP, cbkey("0002"), "발행 메모", USER).code == 1
    assert cb.getInfo(CORP, cbkey("0002")).stateCode == 300
    expect_error(-14000010, lambda: cb.update(CORP, cbkey("0002"), upd, USER))
    expect_error(-14000010, lambda: cb.delete(CORP, cbkey("0002"), USER))
    assert cb.cancelIssue(CORP, cbkey("0002"), "취소 메모", USER).code == 1
    info = cb.getInfo(CORP, cbkey("0002"))
    assert info.stateCode == 400 and info.stateMemo == "취소 메모", info.__dict__
    assert cb.delete(CORP, cbkey("0002"), USER).code == 1
    assert cb.checkMgtKeyInUse(CORP, cbkey("0002")) is False
    # The MgtKey is free again.
    assert cb.register(CORP, cashbill(cbkey("0002")), USER).code == 1
    assert cb.delete(CORP, cbkey("0002"), USER).code == 1


def c_filing_failure_trigger():
    r = cb.registIssue(CORP, cashbill(cbkey("0003")), "TS4 금액 오류 시험")
    assert r.code == 1 and CB_CONFIRM_RE.match(r.confirmNum)


def c_search():
    for n in range(4, 7):
        assert cb.registIssue(CORP, cashbill(cbkey("%04d" % n), tradeUsage="지출증빙용",
                                             identityNum="1234567890", tradeOpt="도서공연"),
                              None).code == 1
    today = sandbox_today()
    r = cb.search(CORP, "T", today, today, ["3**"], ["N"], ["P", "C"], ["T"], 1, 2, "D", USER,
                  None, ["N", "B"], "0001")
    assert r.code == 1 and r.total >= 5, (r.code, r.total)
    assert r.perPage == 2 and r.pageNum == 1 and len(r.list) == 2
    assert r.pageCount == (r.total + 1) // 2
    p2 = cb.search(CORP, "R", today, today, ["3**"], None, None, None, 2, 2, "D", USER)
    assert p2.pageNum == 2 and len(p2.list) == 2
    assert {i.itemKey for i in p2.list}.isdisjoint({i.itemKey for i in r.list})
    books = cb.search(CORP, "I", today, today, None, None, ["C"], None, 1, 100, "A", USER,
                      "1234567890", ["B"])
    assert books.total == 3 and all(i.tradeUsage == "지출증빙용" for i in books.list), books.total
    by_phone = cb.search(CORP, "T", today, today, None, None, None, None, 1, 100, "D", USER, HP)
    assert cbkey("0001") in {i.mgtKey for i in by_phone.list}
    none = cb.search(CORP, "T", today, today, ["304"], ["C"], None, ["N"], 1, 10, "D", USER)
    assert none.total == 0 and none.list == []
    expect_error(-10000054, lambda: cb.search(CORP, "W", today, today, None, None, None, None,
                                             1, 10, "D"))


def c_urls():
    urls = [
        cb.getURL(CORP, USER, "TBOX"),
        cb.getURL(CORP, USER, "PBOX"),
        cb.getPopUpURL(CORP, cbkey("0001"), USER),
        cb.getViewURL(CORP, cbkey("0001"), USER),
        cb.getPrintURL(CORP, cbkey("0001"), USER),
        cb.getEPrintURL(CORP, cbkey("0001"), USER),
        cb.getMailURL(CORP, cbkey("0001"), USER),
        cb.getMassPrintURL(CORP, [cbkey("0001"), cbkey("0004")], USER),
    ]
    for u in urls:
        ctype, body = assert_view_url(u)
        assert "text/html" in ctype, ctype
    _, body = assert_view_url(urls[3])
    assert state["cb1"].confirmNum.encode() in body
    ctype, body = assert_view_url(cb.getPDFURL(CORP, cbkey("0001"), USER))
    assert ctype.startswith("application/pdf") and body.startswith(b"%PDF"), ctype
    assert cb.getInfo(CORP, cbkey("0001")).printYN is True


def c_notify():
    before = cb.getBalance(CORP)
    assert cb.sendEmail(CORP, cbkey("0001"), "again@test.com", USER).code == 1
    assert cb.sendSMS(CORP, cbkey("0001"), "07043042991", HP, "현금영수증 발행 안내", USER).code == 1
    assert cb.sendFAX(CORP, cbkey("0001"), "07043042991", "070111222", USER).code == 1
    assert cb.getBalance(CORP) == before - 20 - 40, (before, cb.getBalance(CORP))
    got = {(m["kind"], m["reason"], m["receiver"], m["mgt_key"]) for m in control("outbox")}
    for want in [("email", "sendEmail", "again@test.com"), ("sms", "sendSMS", HP),
                 ("fax", "sendFAX", "070111222")]:
        assert want + (cbkey("0001"),) in got, (want, got)
    logs = [l.docLogType for l in cb.getLogs(CORP, cbkey("0001"))]
    assert logs[:2] == [100, 300] and {111, 112, 113} <= set(logs), logs


def c_assign_mgt_key():
    # Every sandbox receipt was registered with a MgtKey: assigning another is refused.
    expect_error(-14000010, lambda: cb.assignMgtKey(CORP, state["cb1_item"], cbkey("A001"), USER))
    expect_error(-14000000, lambda: cb.assignMgtKey(CORP, "012345678901234567", cbkey("A001"), USER))


def c_bulk():
    submit = "CB-%s-SUBMIT" % RUN
    bills = [cashbill(cbkey("K%03d" % i), smssendYN=False) for i in (1, 2)]
    bills.append(cashbill(cbkey("0001")))  # in use: fails alone
    r = cb.bulkSubmit(CORP, submit, bills, USER)
    assert r.code == 1 and r.receiptID, r.__dict__
    again = cb.bulkSubmit(CORP, submit, bills, USER)
    assert again.receiptID == r.receiptID
    first = cb.getBulkResult(CORP, submit, USER)
    assert first.txState in (0, 1, 2) and first.submitCount == 3
    done = poll(lambda: cb.getBulkResult(CORP, submit, USER), lambda b: b.txState == 2)
    assert (done.successCount, done.failCount) == (2, 1), (done.successCount, done.failCount)
    assert done.receiptID == r.receiptID and done.txEndDT
    info = cb.getInfo(CORP, cbkey("K001"))
    assert info.stateCode == 300 and CB_CONFIRM_RE.match(info.confirmNum)


def c_config_calls():
    assert cb.getUnitCost(CORP) == 5.0
    ci = cb.getChargeInfo(CORP, USER)
    assert ci.unitCost == "5" and ci.chargeMethod and ci.rateSystem
    cfg = cb.listEmailConfig(CORP, USER)
    assert {c.emailType for c in cfg} == {"CSH_ISSUE", "CSH_CANCEL"}, cfg
    assert all(c.sendYN is True for c in cfg)
    assert cb.updateEmailConfig(CORP, "CSH_CANCEL", False, USER).code == 1
    cfg = cb.listEmailConfig(CORP, USER)
    assert any(c.emailType == "CSH_CANCEL" and c.sendYN is False for c in cfg)
    assert cb.updateEmailConfig(CORP, "CSH_CANCEL", True, USER).code == 1
    expect_error(-10000054, lambda: cb.updateEmailConfig(CORP, "TAX_ISSUE", True, USER))


def c_validation_and_no_charge():
    before = cb.getBalance(CORP)
    expect_error(-14001098, lambda: cb.registIssue(CORP, cashbill(cbkey("V001"), tradeType="xxxxx"), None))
    expect_error(-14001098, lambda: cb.registIssue(CORP, cashbill(cbkey("V002"), tradeUsage="zzz"), None))
    expect_error(-14001099, lambda: cb.registIssue(CORP, cashbill(cbkey("V003"), taxationType=True), None))
    expect_error(-14001099, lambda: cb.registIssue(CORP, cashbill(cbkey("V004"), franchiseCorpName={}), None))
    expect_error(-14001099, lambda: cb.registIssue(CORP, cashbill(cbkey("V005"), customerName=[]), None))
    expect_error(-14001099, lambda: cb.registIssue(CORP, cashbill(cbkey("V006"), totalAmount="12000"), None))
    expect_error(-14001004, lambda: cb.registIssue(CORP, cashbill(cbkey("V007"), identityNum=None), None))
    expect_error(-14001001, lambda: cb.registIssue(CORP, cashbill(cbkey("V008"), franchiseCorpNum=None), None))
    expect_error(-14001011, lambda: cb.registIssue(CORP, cashbill(cbkey("V009"), supplyCost="-1"), None))
    expect_error(-14001099, lambda: cb.registIssue(
        CORP, cashbill(cbkey("V010"), tradeUsage="지출증빙용", identityNum="0100001234"), None))
    assert cb.getBalance(CORP) == before, (before, cb.getBalance(CORP))
    for n in range(1, 11):
        assert cb.checkMgtKeyInUse(CORP, cbkey("V%03d" % n)) is False


def c_filing_next_day():
    # Automatic filing: the day after issuance at 15:00 KST, on the sandbox clock.
    control("clock", {"advanceSecs": 2 * 86400})
    info = poll(lambda: cb.getInfo(CORP, cbkey("0001")), lambda i: i.stateCode in (304, 305))
    assert info.stateCode == 304 and info.ntsresultCode == "0000", info.__dict__
    assert info.ntssendDT and info.ntsresultDT
    failed = cb.getInfo(CORP, cbkey("0003"))
    assert failed.stateCode == 305 and failed.ntsresultCode == "TS4", failed.__dict__
    assert failed.ntsresultMessage
    assert cb.delete(CORP, cbkey("0003"), USER).code == 1
    logs = [l.docLogType for l in cb.getLogs(CORP, cbkey("0001"))]
    assert 304 in logs, logs


def c_revoke_partial_then_full():
    org = state["cb1"]
    r = cb.revokeRegistIssue(CORP, cbkey("R001"), org.confirmNum, org.tradeDate, False,
                             "부분취소", USER, True, 1, "4000", "400", "0", "4400", "취소 안내")
    assert r.code == 1 and CB_CONFIRM_RE.match(r.confirmNum) and r.confirmNum != org.confirmNum
    info = cb.getInfo(CORP, cbkey("R001"))
    assert info.tradeType == "취소거래" and info.totalAmount == "4400", info.__dict__
    assert info.orgConfirmNum == org.confirmNum and info.orgTradeDate == org.tradeDate
    # More than what is left (6,600) is refused.
    expect_error(-14001023, lambda: cb.revokeRegistIssue(
        CORP, cbkey("R002"), org.confirmNum, org.tradeDate, False, None, USER, True, 2,
        "7000", "700", "0", "7700"))
    # A full cancel takes the rest.
    r2 = cb.revokeRegistIssue(CORP, cbkey("R003"), org.confirmNum, org.tradeDate, True,
                              "전체취소", USER)
    assert r2.code == 1
    assert cb.getInfo(CORP, cbkey("R003")).totalAmount == "6600"
    d = cb.getDetailInfo(CORP, cbkey("R003"))
    assert d.supplyCost == "6000" and d.tax == "600" and d.cancelType == 1, d.__dict__
    expect_error(-14001023, lambda: cb.revokeRegistIssue(CORP, cbkey("R004"), org.confirmNum,
                                                         org.tradeDate))
    logs = [l.log for l in cb.getLogs(CORP, cbkey("0001"))]
    assert sum(1 for l in logs if "취소 현금영수증" in l) == 2, logs
    rev = cb.search(CORP, "T", sandbox_today(), sandbox_today(), None, ["C"], None, None, 1, 100,
                    "D", USER)
    assert {i.mgtKey for i in rev.list} >= {cbkey("R001"), cbkey("R003")}


def c_legacy_revoke_register():
    k = cb.getInfo(CORP, cbkey("K001"))
    assert k.stateCode == 304, k.stateCode
    assert cb.revokeRegister(CORP, cbkey("R005"), k.confirmNum, k.tradeDate, False, USER).code == 1
    info = cb.getInfo(CORP, cbkey("R005"))
    assert info.stateCode == 100 and info.tradeType == "취소거래", info.__dict__
    assert cb.issue(CORP, cbkey("R005"), "취소 발행", USER).code == 1
    assert cb.getInfo(CORP, cbkey("R005")).stateCode == 300


STEPS = [
    ("checkMgtKeyInUse (unused)", s_check_unused),
    ("registIssue", s_regist_issue),
    ("checkMgtKeyInUse (used)", s_check_used),
    ("getInfo (issued)", s_get_info_issued),
    ("registIssue duplicate MgtKey refused", s_duplicate_key),
    ("register + update + getDetailInfo", s_register_update),
    ("attachFileBinary + attachFile + getFiles + deleteFile", s_attach_files),
    ("issue + cancelIssue + delete + MgtKey reuse", s_issue_cancel_delete_reuse),
    ("sendToNTS → 304", s_send_to_nts),
    ("ERR002 memo → 305 + delete", s_filing_failure_err002),
    ("getInfos + getDetailInfo(ByItemKey) + getXML", s_get_infos_detail_xml),
    ("search with filters and pagination", s_search),
    ("getLogs", s_logs),
    ("URL getters answer", s_urls),
    ("sendEmail + sendSMS + sendFax (outbox)", s_notify),
    ("assignMgtKey", s_assign_mgt_key),
    ("attachStatement + detachStatement", s_statements),
    ("bulkSubmit + getBulkResult", s_bulk),
    ("certificate, unit cost, charge info, email config", s_config_calls),
    ("registRequest + cancelRequest + delete", s_reverse_request_cancel),
    ("register(역발행) + request + refuse", s_reverse_request_refuse),
    ("registRequest + issue by seller", s_reverse_issue),
    ("send + accept / deny / cancelSend", s_legacy_send_accept_deny),
    ("late issuance refused without forceIssue", s_late_issuance),
    ("validation errors map to POPBiLL codes", s_validation_errors),
    ("points charged; too few points refused", s_points),
    ("checkIsMember + checkID + joinMember", s_member_join),
    ("getCorpInfo + updateCorpInfo", s_corp_info),
    ("registContact + getContactInfo + listContact + updateContact + deleteContact", s_contacts),
    ("getBalance + getPartnerBalance + partner/member URLs", s_points_and_urls),
    ("getUseHistory + payment + refund", s_histories_payment_refund),
    ("quitMember", s_quit_member),
    ("UseLocalTimeYN=False + IPRestrictOnOff=False instance", s_server_time_and_forwarded),
    ("production ServiceID instance", s_production_service_id),
    ("token expiry and URL expiry", s_expiry),
    ("cashbill: registIssue + checkMgtKeyInUse + duplicate + points + mail/SMS", c_regist_issue),
    ("cashbill: getInfo + getDetailInfo + getInfos", c_get_info),
    ("cashbill: revokeRegistIssue needs a filed original", c_revoke_needs_filed_original),
    ("cashbill: register + update + issue + cancelIssue + delete + reuse", c_legacy_register_update_issue_cancel_delete),
    ("cashbill: TS4 memo → filing fails later", c_filing_failure_trigger),
    ("cashbill: search with every filter and pagination", c_search),
    ("cashbill: URL getters answer", c_urls),
    ("cashbill: sendEmail + sendSMS + sendFAX + getLogs", c_notify),
    ("cashbill: assignMgtKey refused", c_assign_mgt_key),
    ("cashbill: bulkSubmit + getBulkResult", c_bulk),
    ("cashbill: unit cost, charge info, email config", c_config_calls),
    ("cashbill: unknown codes and wrong types refused, nothing charged", c_validation_and_no_charge),
    ("cashbill: automatic filing → 304 / 305 + delete", c_filing_next_day),
    ("cashbill: revokeRegistIssue partial, over the limit, full", c_revoke_partial_then_full),
    ("cashbill: revokeRegister + issue (legacy)", c_legacy_revoke_register),
]


def main():
    start = time.time()
    for name, fn in STEPS:
        step(name, fn)
    print("(%.1fs)" % (time.time() - start))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
