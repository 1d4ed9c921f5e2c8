# Placeholder until the pages land: the routes are being written.
app_name = "initiatives"
urlpatterns = []
