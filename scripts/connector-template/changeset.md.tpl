---
'@talkbridge/connector-__id__': minor
---

First release of the __DISPLAY__ connector: contact resolution and interaction retrieval, conformance-tested.
