"""What the operating system said, in Chinese: the reason part of every message about a file.

`OSError.strerror` is English ("No space left on device"); users read Chinese. The common
reasons are named here; any other keeps the system's own words after its errno name.
"""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件过大",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EROFS: "文件系统只读",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ELOOP: "符号链接层数过多（可能是循环链接）",
    errno.EEXIST: "已存在",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EXDEV: "不能跨文件系统移动",
    errno.EIO: "读写设备出错",
    errno.EBUSY: "设备或资源正忙",
    errno.ETXTBSY: "文件正被使用",
    errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "系统打开的文件过多",
    errno.ENOMEM: "内存不足",
    errno.EINVAL: "参数无效（文件名中可能有系统不接受的字符）",
    errno.ENXIO: "设备不存在或未就绪",
    errno.ENODEV: "设备不存在",
    errno.EPIPE: "输出管道已关闭",
    errno.EAGAIN: "资源暂时不可用",
}


def reason(exc: OSError) -> str:
    """Why an operation on a file failed, in Chinese."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    name = errno.errorcode.get(exc.errno or 0, "")
    words = exc.strerror or str(exc) or type(exc).__name__
    return f"系统错误 {name}：{words}" if name else f"系统错误：{words}"
