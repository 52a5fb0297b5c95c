"""gRPC face of sign-up activation, phone verification and change, and password recovery."""

from __future__ import annotations

from gorontalo.identity.v1 import identity_pb2 as pb
from servicekit.auth import require_principal

from ..domain.model import mask_phone, normalise_phone
from ..service_layer import phone, recovery, signup, visitors
from .grpc_base import client_address
from .to_proto import account_message, token_message, ts

# RequestPasswordReset's one answer, whether or not the account exists.
RESET_ANSWER = (
    "Jika NIK atau nomor HP tersebut terdaftar, kode atur ulang kata sandi telah dikirim lewat SMS ke nomor "
    "HP akun. Kode berlaku 10 menit."
)


class SignupRpcs:
    """Mixed into IdentityServicer (self.app is the IdentityApp)."""

    def _limits(self, context) -> dict:
        return {
            "throttle": self.app.throttle,
            "limits": self.app.abuse_limits,
            "client_address": client_address(context),
        }

    def ActivateCitizen(self, request, context):
        return token_message(
            signup.activate_citizen(
                self.app.uow(),
                self.app.keys,
                self.app.clock,
                nik=request.nik,
                code=request.code,
                **self._limits(context),
            )
        )

    def RegisterVisitor(self, request, context):
        account = visitors.register_visitor(
            self.app.uow(),
            self.app.passwords,
            self.app.clock,
            display_name=request.display_name,
            phone=request.phone,
            password=request.password,
            **self._limits(context),
        )
        answer = account_message(account, reveal=True)
        # The number as submitted: the code went there; it is the account's once the code is entered.
        answer.phone = normalise_phone(request.phone) or ""
        return answer

    def ActivateVisitor(self, request, context):
        return token_message(
            visitors.activate_visitor(
                self.app.uow(),
                self.app.keys,
                self.app.clock,
                account_id=request.account_id,
                code=request.code,
                **self._limits(context),
            )
        )

    def ResendActivationCode(self, request, context):
        signup.resend_activation_code(self.app.uow(), self.app.clock, nik=request.nik, **self._limits(context))
        return pb.ResendActivationCodeResponse()

    def SendPhoneCode(self, request, context):
        sent = phone.send_phone_code(
            self.app.uow(), self.app.clock, require_principal(), phone=request.phone, **self._limits(context)
        )
        return pb.SendPhoneCodeResponse(phone_masked=mask_phone(sent.phones[0]), expires_at=ts(sent.expires_at))

    def VerifyPhone(self, request, context):
        return token_message(
            phone.verify_phone(
                self.app.uow(),
                self.app.keys,
                self.app.clock,
                require_principal(),
                code=request.code,
                **self._limits(context),
            )
        )

    def StartPhoneChange(self, request, context):
        sent = phone.start_phone_change(
            self.app.uow(), self.app.clock, require_principal(), new_phone=request.new_phone, **self._limits(context)
        )
        old, new = sent.phones
        return pb.StartPhoneChangeResponse(
            old_phone_masked=mask_phone(old), new_phone_masked=mask_phone(new), expires_at=ts(sent.expires_at)
        )

    def ConfirmPhoneChange(self, request, context):
        account = phone.confirm_phone_change(
            self.app.uow(),
            self.app.clock,
            require_principal(),
            old_code=request.old_code,
            new_code=request.new_code,
            **self._limits(context),
        )
        return account_message(account, reveal=True, reveal_nik=False)

    def RequestPasswordReset(self, request, context):
        recovery.request_password_reset(
            self.app.uow(), self.app.clock, username=request.username, **self._limits(context)
        )
        return pb.RequestPasswordResetResponse(message=RESET_ANSWER)

    def ConfirmPasswordReset(self, request, context):
        return token_message(
            recovery.confirm_password_reset(
                self.app.uow(),
                self.app.passwords,
                self.app.keys,
                self.app.clock,
                username=request.username,
                code=request.code,
                new_password=request.new_password,
                **self._limits(context),
            )
        )
