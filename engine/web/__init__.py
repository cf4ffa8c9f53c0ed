"""``cydcheck serve``: a local web page to check a file and download its reports (the optional ``web`` extra:
Starlette, uvicorn, python-multipart)."""
