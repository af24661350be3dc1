package io.indexedcp.client;

/**
 * The server cannot finish this file's upload and the buffer no longer holds what would let it
 * (the server lost the upload after its chunks had left the buffer, or its assembled file does not
 * match): the file has left the buffer and must be uploaded again. Only this file failed; the other
 * files of the same run go on.
 */
public class FileDroppedException extends UploadRejectedException {

    public FileDroppedException(int status, String message) {
        super(status, message);
    }
}
