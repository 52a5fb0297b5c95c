"""The citizen's rights under UU 27/2022: who read my data, and everything held about me."""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.auth import Principal
from servicekit.errors import NotFound

from ..domain.credentials import Credential
from ..domain.model import AccessRecord, Account
from ..domain.register import Resident

# A citizen reads their own full NIK (and KK number) only at this level: a KTP photocopy and a SIM are
# not enough to learn the whole number from the platform.
FULL_NIK_ACR = 2


def sees_full_nik(principal: Principal) -> bool:
    return principal.acr >= FULL_NIK_ACR


@dataclass
class MyData:
    account: Account
    resident: Resident | None
    credentials: list[Credential]
    access_log: list[AccessRecord]


def access_log(uow, account_id: str, offset: int, limit: int) -> list[AccessRecord]:
    with uow:
        account = uow.accounts.get(account_id)
        if account is None or not account.nik:
            raise NotFound()
        return uow.access_log.for_nik(account.nik, offset, limit)


def export(uow, account_id: str) -> MyData:
    with uow:
        account = uow.accounts.get(account_id)
        if account is None or not account.nik:
            raise NotFound()
        return MyData(
            account=account,
            resident=uow.residents.by_nik(account.nik),
            credentials=uow.credentials.for_account(account.id),
            access_log=uow.access_log.for_nik(account.nik),
        )
