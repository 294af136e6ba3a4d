module kt.local/kt-logd

go 1.26
