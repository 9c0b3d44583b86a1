"""A file email backend that takes its time over each message, for the worker-kill test.

Before each message it leaves a "sending" marker, then waits SLOW_MAIL_SECONDS: a test can
see that a worker is in the middle of sending and kill it then.
"""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            Path(self.file_path, f"sending-{uuid.uuid4().hex}.marker").touch()
            time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0")))
            sent += super().send_messages([message])
        return sent
