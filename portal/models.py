"""Import every domain's models so Alembic and the mapper see them all."""

from portal import storage_models  # noqa: F401
from portal.auth import models as auth_models  # noqa: F401
from portal.cases import models as cases_models  # noqa: F401
from portal.chat import models as chat_models  # noqa: F401
from portal.db import Base
from portal.feedback import complaint_models, voice_models  # noqa: F401
from portal.feedback import models as feedback_models  # noqa: F401
from portal.geography import models as geography_models  # noqa: F401
from portal.local_offer import models as local_offer_models  # noqa: F401
from portal.local_offer import publishing_models  # noqa: F401
from portal.notifications import models as notification_models  # noqa: F401
from portal.safeguarding import models as safeguarding_models  # noqa: F401
from portal.surveys import models as surveys_models  # noqa: F401
from portal.surveys import yousaid_models  # noqa: F401

metadata = Base.metadata
