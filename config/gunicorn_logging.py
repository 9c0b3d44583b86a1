"""gunicorn's access log, without the people who answer an anonymous survey.

gunicorn logs every request with the client's address, the time, the address asked for, the
browser and the referrer. For the public survey link that would record who answered which
survey, and when: exactly what the survey promises not to keep. For those paths this logger
leaves out the address, the browser, the referrer, every request header and environment value,
and the link's secret part; every other request is logged as gunicorn always logs it.

gunicorn reads `gunicorn.conf.py` from the directory it starts in, which names this class. A
proxy in front of the portal keeps its own log: configure it the same way (see the README).
"""

from gunicorn.glogging import Logger as GunicornLogger

# engagement's public survey pages (engagement/urls.py); a test keeps the two in step.
ANONYMOUS_PREFIXES = ("/have-your-say/",)
HIDDEN = "-"


def is_anonymous(path: str) -> bool:
    return (path or "").startswith(ANONYMOUS_PREFIXES)


class Logger(GunicornLogger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = environ.get("PATH_INFO", "")
        if not is_anonymous(path):
            return atoms
        prefix = next(p for p in ANONYMOUS_PREFIXES if path.startswith(p))
        kept = {key: value for key, value in atoms.items() if not key.startswith("{")}
        kept.update(
            {
                "h": HIDDEN,
                "u": HIDDEN,
                "f": HIDDEN,
                "a": HIDDEN,
                "q": "",
                "U": prefix,
                "r": f"{environ.get('REQUEST_METHOD', '-')} {prefix}… {environ.get('SERVER_PROTOCOL', '-')}",
            }
        )
        return kept
