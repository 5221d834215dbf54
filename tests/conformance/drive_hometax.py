#!/usr/bin/env python3
"""Conformance run, HomeTax part: every HTTaxinvoiceService and HTCashbillService call of the
official POPBiLL Python SDK (popbill 1.64.2) against a running popbill-sandbox.

Usage: drive_hometax.py http://127.0.0.1:PORT

Reuses drive.py's redirection and harness (importing it runs no Taxinvoice step). Uses its
own member (HT_CORP), because drive.py's member quits at the end of its run. The sandbox's
HomeTax jobs are made quick through POST /HomeTax/__control. The last line is
"N passed, M failed"; the exit status is 1 on any failure.
"""

import json
import sys
import time
import urllib.request

import drive  # noqa: E402  (sets up the SDK redirection for sys.argv[1])
from drive import expect_error, fetch, poll, step
from popbill import HTCashbillService, HTTaxinvoiceService

HT_CORP = "6798700433"
SDATE, EDATE = "20250101", "20250331"

# Server time (GET /Time) for the Linkhub signature: drive.py moves the sandbox clock.
hti = HTTaxinvoiceService(drive.LINK_ID, drive.SECRET_KEY)
hti.IsTest = True
hti.UseLocalTimeYN = False
htc = HTCashbillService(drive.LINK_ID, drive.SECRET_KEY)
htc.IsTest = True
htc.UseLocalTimeYN = False

state = {}


def control(body):
    req = urllib.request.Request(
        drive.BASE + "/HomeTax/__control",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read().decode())


def popup(url, query):
    assert url.startswith(drive.BASE + "/HomeTax/__popup/"), url
    status, ctype, body = fetch(url + "?" + query)
    assert status == 200 and ctype.startswith("text/html"), (status, ctype, body[:200])
    return body.decode()


def finished(svc, job_id):
    s = poll(
        lambda: svc.getJobState(HT_CORP, job_id),
        lambda s: int(s.jobState) == 3,
        timeout=20,
        every=0.1,
    )
    assert s.jobID == job_id
    return s


# ------------------------------------------------------------------------- tax invoices


def s_settings():
    got = control({"jobStepMillis": 100, "docsPerDay": 3})
    assert got["jobStepMillis"] == 100, got


def s_dept_user():
    r = hti.registDeptUser(HT_CORP, "dept01", "dept-pw")
    assert r.code == 1, r.message
    assert hti.checkDeptUser(HT_CORP).code == 1
    assert hti.checkLoginDeptUser(HT_CORP).code == 1


def s_request_job_and_state():
    job_id = hti.requestJob(HT_CORP, "BUY", "S", SDATE, EDATE)
    assert len(job_id) == 18, job_id
    first = hti.getJobState(HT_CORP, job_id)
    assert int(first.jobState) in (1, 2, 3)
    s = finished(hti, job_id)
    assert s.errorCode == 1, (s.errorCode, s.errorReason)
    assert s.queryType == "매입" and s.queryStDate == SDATE and s.queryEnDate == EDATE
    assert s.collectCount > 100, s.collectCount
    jobs = hti.listActiveJob(HT_CORP)
    assert job_id in [j.jobID for j in jobs]
    state["job"] = job_id
    state["count"] = s.collectCount


def s_search_and_summary():
    job = state["job"]
    page = hti.search(HT_CORP, job, [], [], [], "", "", "", 1, 50, "D")
    assert page.code == 1 and page.total == state["count"], (page.total, state["count"])
    assert len(page.list) == 50 and page.pageCount == -(-page.total // 50)
    dates = [x.sendDate for x in page.list]
    assert dates == sorted(dates, reverse=True), "D: newest first"
    summary = hti.summary(HT_CORP, job, [], [], [], "", "", "")
    assert summary.count == page.total
    assert summary.amountTotal == summary.supplyCostTotal + summary.taxTotal
    amended = hti.search(HT_CORP, job, ["M"], ["T", "Z"], ["R", "C", "N"], "S", "", "", 1, 1000, "A")
    assert amended.total > 0 and all(x.modifyYN for x in amended.list)
    assert all(x.taxType in ("과세", "영세") for x in amended.list)
    counterpart = page.list[0].invoicerCorpNum
    named = hti.search(HT_CORP, job, [], [], [], "", "", "", 1, 1000, "A", None, counterpart)
    assert named.total > 0 and all(x.invoicerCorpNum == counterpart for x in named.list)
    by_name = hti.summary(HT_CORP, job, [], [], [], "", "", "", None, page.list[0].invoicerCorpName)
    assert by_name.count == named.total
    branch = hti.search(HT_CORP, job, [], [], [], "S", "1", "0001,0002", 1, 1000, "D")
    assert all(x.invoicerTaxRegID in ("0001", "0002") for x in branch.list)
    state["nts"] = page.list[0].ntsconfirmNum


def s_detail_xml_urls():
    nts = state["nts"]
    t = hti.getTaxinvoice(HT_CORP, nts)
    assert t.ntsconfirmNum == nts and t.invoiceeCorpNum == HT_CORP
    assert len(t.detailList) >= 1 and t.detailList[0].serialNum == 1
    x = hti.getXML(HT_CORP, nts)
    assert x.ResultCode == 1 and nts in x.retObject
    for url in (hti.getPopUpURL(HT_CORP, nts), hti.getPrintURL(HT_CORP, nts)):
        drive.assert_view_url(url)
    expect_error(-11100020, lambda: hti.getTaxinvoice(HT_CORP, "20250101410000000000ffff"))


def s_job_errors():
    expect_error(-11100018, lambda: hti.getJobState(HT_CORP, "025010114999999999"))
    try:
        hti.requestJob(HT_CORP, "BUY", "S", "20250101", "20250501")
    except Exception as e:  # noqa: BLE001
        assert getattr(e, "code", 0) < 0, e
    else:
        raise AssertionError("a 4-month job was accepted")


def s_wrong_dept_user():
    hti.registDeptUser(HT_CORP, "dept01", "wrong-password")
    expect_error(-11100001, lambda: hti.checkLoginDeptUser(HT_CORP))
    job = hti.requestJob(HT_CORP, "SELL", "W", SDATE, SDATE)
    s = finished(hti, job)
    assert s.errorCode == -11100001 and s.errorReason, (s.errorCode, s.errorReason)
    expect_error(-11100001, lambda: hti.search(HT_CORP, job, [], [], [], "", "", "", 1, 10, "D"))
    assert hti.deleteDeptUser(HT_CORP).code == 1
    expect_error(-11100023, lambda: hti.checkDeptUser(HT_CORP))
    expect_error(-11100021, lambda: (hti.registDeptUser(HT_CORP, "secauth01", "pw"), hti.checkLoginDeptUser(HT_CORP)))
    assert hti.registDeptUser(HT_CORP, "secauth01", "pw", "9001011234567").code == 1
    assert hti.checkLoginDeptUser(HT_CORP).code == 1


def s_certificate_and_flat_rate():
    expect_error(-10002009, lambda: hti.getCertificateExpireDate(HT_CORP))
    page = popup(hti.getCertificatePopUpURL(HT_CORP), "expire=20991231")
    assert "20991231" in page
    assert hti.getCertificateExpireDate(HT_CORP).startswith("20991231")
    assert hti.checkCertValidation(HT_CORP).code == 1
    popup(hti.getFlatRatePopUpURL(HT_CORP), "months=12")
    f = hti.getFlatRateState(HT_CORP)
    assert f.referenceID == HT_CORP and int(f.state) == 1 and len(f.useEndDate) == 8
    c = hti.getChargeInfo(HT_CORP)
    assert c.chargeMethod and c.unitCost


# ------------------------------------------------------------------------ cash receipts


def s_cashbill_flow():
    assert htc.registDeptUser(HT_CORP, "cbuser", "pw").code == 1
    assert htc.checkDeptUser(HT_CORP).code == 1
    assert htc.checkLoginDeptUser(HT_CORP).code == 1
    job = htc.requestJob(HT_CORP, "SELL", SDATE, EDATE)
    s = finished(htc, job)
    assert s.errorCode == 1 and s.queryType == "매출"
    assert job in [j.jobID for j in htc.listActiveJob(HT_CORP)]
    page = htc.search(HT_CORP, job, [], [], 1, 100, "A")
    assert page.total == s.collectCount and len(page.list) == min(100, page.total)
    dates = [x.tradeDate for x in page.list]
    assert dates == sorted(dates), "A: oldest first"
    cancelled = htc.search(HT_CORP, job, ["C"], [], 1, 1000, "D")
    assert cancelled.total > 0 and all(x.tradeType == "취소거래" for x in cancelled.list)
    usage = htc.summary(HT_CORP, job, [], ["P"])
    both = htc.summary(HT_CORP, job, [], [])
    assert both.count == page.total and 0 < usage.count < both.count
    assert both.amountTotal == both.supplyCostTotal + both.taxTotal + both.serviceFeeTotal
    expect_error(-11100024, lambda: (htc.deleteDeptUser(HT_CORP), htc.checkDeptUser(HT_CORP)))


def s_cashbill_credentials():
    assert htc.getCertificateExpireDate(HT_CORP).startswith("20991231")
    assert htc.checkCertValidation(HT_CORP).code == 1
    popup(htc.getCertificatePopUpURL(HT_CORP), "")
    popup(htc.getFlatRatePopUpURL(HT_CORP), "months=1")
    assert int(htc.getFlatRateState(HT_CORP).state) == 1
    assert htc.getChargeInfo(HT_CORP).chargeMethod


STEPS = [
    ("HomeTax simulation settings", s_settings),
    ("HT registDeptUser + checkDeptUser + checkLoginDeptUser", s_dept_user),
    ("HT requestJob + getJobState + listActiveJob", s_request_job_and_state),
    ("HT search + summary with every filter", s_search_and_summary),
    ("HT getTaxinvoice + getXML + getPopUpURL + getPrintURL", s_detail_xml_urls),
    ("HT unknown job, 4-month range refused", s_job_errors),
    ("HT wrong department user fails the job; deleteDeptUser; secAuth", s_wrong_dept_user),
    ("HT certificate popup, expiry, validation; flat rate; charge info", s_certificate_and_flat_rate),
    ("HTCashbill department user, job, search, summary", s_cashbill_flow),
    ("HTCashbill certificate, flat rate, charge info", s_cashbill_credentials),
]


def main():
    start = time.time()
    for name, fn in STEPS:
        step(name, fn)
    print("(%.1fs)" % (time.time() - start))
    print("%d passed, %d failed" % (drive.passed, drive.failed))
    return 1 if drive.failed else 0


if __name__ == "__main__":
    sys.exit(main())
