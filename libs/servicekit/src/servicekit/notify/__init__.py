"""One way out for every SMS and e-mail of the platform (issue 14).

- transports: `Transport` (send(*, channel, destination, message, reference, subject="") -> message id),
  the development sink, the HTTP SMS gateway, SMTP e-mail, one router, and `transport_from_env(sender)`;
- costcap: the daily SMS cost cap per phone and per sender;
- deliveries: the delivery queue table and repository each sending service keeps in its own database;
- sender: `Sender` / `SenderLoop`, draining that queue with retries, reporting what finally fails;
- callbacks: the gateway's signed delivery-status report.
"""

from . import callbacks
from .costcap import CostCap, CostCapReached, cost_cap_from_env
from .deliveries import (
    CAPPED,
    CONTACT,
    DELIVERED,
    FAILED,
    PENDING,
    SENT,
    STATUSES,
    UNDELIVERABLE,
    DeliveryRepository,
    create_table_op,
    define_table,
)
from .sender import NO_DESTINATION, Sender, SenderLoop, SendResult, retry_delay
from .transports import (
    EMAIL,
    SMS,
    ChannelRouter,
    DevSink,
    HttpSmsGateway,
    SmtpEmail,
    Transport,
    TransportError,
    callback_url,
    dev_messages,
    dev_sink_path,
    transport_from_env,
)

__all__ = [
    "CAPPED",
    "CONTACT",
    "DELIVERED",
    "EMAIL",
    "FAILED",
    "NO_DESTINATION",
    "PENDING",
    "SENT",
    "SMS",
    "STATUSES",
    "UNDELIVERABLE",
    "ChannelRouter",
    "CostCap",
    "CostCapReached",
    "DeliveryRepository",
    "DevSink",
    "HttpSmsGateway",
    "SendResult",
    "Sender",
    "SenderLoop",
    "SmtpEmail",
    "Transport",
    "TransportError",
    "callback_url",
    "callbacks",
    "cost_cap_from_env",
    "create_table_op",
    "define_table",
    "dev_messages",
    "dev_sink_path",
    "retry_delay",
    "transport_from_env",
]
